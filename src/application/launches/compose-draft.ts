import type { Content } from '../../config/content';
import { activePriorities } from '../../domain/catalog';
import { inert } from '../../domain/markdown';
import { PollRuleError, VISIBILITIES, type Visibility } from '../../domain/poll';
import { checkDraft, EMPTY_DRAFT, type PollDraft } from '../../domain/poll-draft';
import { requestOf } from '../authoring/form-steps';
import type { LaunchRequest } from './launch-poll';

/** The compose dialog's draft: what the lead has chosen so far. */
export interface ComposeDraft {
  template?: string;
  priority?: string;
  to?: string;
  at?: string;
  closes?: string;
  results?: string;
  anonymous?: boolean;
  /** Open prompts duplicated from a poll that allowed quotes keep that choice. */
  quotes?: boolean;
}

/**
 * The launch a finished draft asks for, as a value: no command text in between. The answers
 * become the poll form's draft (a ready-made template's question and options, the priority,
 * when it closes, who sees results, anonymity) and go through the form's own checks
 * (checkDraft), so the keyboard's way and the form's cannot drift; the poll keeps its template.
 */
export function requestFromDraft(draft: ComposeDraft, content: Content, now: Date): LaunchRequest {
  const template = content.templates.find((t) => t.id === draft.template);
  if (!template) throw new PollRuleError(draft.template ? `There is no poll template called "${inert(draft.template)}".` : 'Which poll? Choose a template.');
  const priority = template.needsPriority ? activePriorities(content.catalog).find((p) => p.id === draft.priority) : undefined;
  if (template.needsPriority && !priority) throw new PollRuleError('Which priority is it about? Choose one of the draft priorities.');
  const form: PollDraft = {
    ...EMPTY_DRAFT,
    kind: template.kind,
    question: priority ? template.question.replaceAll('{priority}', priority.title) : template.question,
    optionsFrom: 'priorities',
    priorityId: priority?.id ?? '',
    closesIn: draft.closes ?? '7d',
    visibility: VISIBILITIES.includes(draft.results as Visibility) ? (draft.results as Visibility) : 'after-answer',
    anonymous: String(draft.anonymous !== false),
    allowQuotes: String(draft.quotes === true),
    ...(template.maxPicks !== undefined ? { maxPicks: String(template.maxPicks) } : {}),
  };
  const checked = checkDraft(form, content.catalog, now);
  if (!checked.ok) throw new PollRuleError(Object.values(checked.problems).join(' '));
  return { ...requestOf(checked, now, { to: draft.to ?? 'all', ...(draft.at ? { at: new Date(draft.at) } : {}) }), templateId: template.id };
}
