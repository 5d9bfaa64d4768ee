import type { Actor } from '../../domain/actor';
import { inert } from '../../domain/markdown';
import { openPoll, type Poll, PollRuleError, type PollSpec, type Visibility, validateSpec } from '../../domain/poll';
import { specFromTemplate } from '../../domain/templates';
import type { BotDeps } from '../bot-deps';

const HOUR = 3_600_000;

/** A poll as a lead asks for it: a template and the choices made, or a poll in their own words, however they were made. */
export interface PollRequest {
  readonly templateId: string;
  /** A poll in the lead's own words (the poll form): used as it is, in place of a template. */
  readonly spec?: PollSpec;
  readonly priorityId?: string;
  /** Not before this time; now when absent. */
  readonly at?: Date;
  readonly durationMs: number;
  readonly anonymous: boolean;
  readonly visibility: Visibility;
  readonly allowQuotes: boolean;
}

/**
 * The one poll builder: the poll a request makes, the same for a poll started in a channel, a
 * launch, and a launch's preview (the template's question and options, the choices made, the
 * reminder setting). A request the template cannot take is a PollRuleError that says why.
 */
function templateSpec(deps: Pick<BotDeps, 'content'>, request: PollRequest): PollSpec {
  const template = deps.content.templates.find((t) => t.id === request.templateId);
  if (!template) {
    throw new PollRuleError(request.templateId ? `There is no poll template called "${inert(request.templateId)}".` : 'Which poll? Add a template name.');
  }
  return specFromTemplate(template, deps.content.catalog, {
    ...(request.priorityId ? { priorityId: request.priorityId } : {}),
    anonymous: request.anonymous,
    visibility: request.visibility,
    allowQuotes: request.allowQuotes,
  });
}

/** A poll in its author's words: checked by the same rules as a template's, and never taken for a template's. */
function customSpec(spec: PollSpec): PollSpec {
  const { templateId: _none, ...own } = spec;
  validateSpec(own);
  return own;
}

export function pollFor(deps: Pick<BotDeps, 'content' | 'settings'>, request: PollRequest, author: { id: string; actor: Actor }, now: Date): Poll {
  // A spec from the poll form, or from the typed dialog's answers (which name their template).
  const spec = request.spec ? { ...customSpec(request.spec), ...(request.templateId ? { templateId: request.templateId } : {}) } : templateSpec(deps, request);
  return openPoll(
    spec,
    { id: author.id, author: { aadObjectId: author.actor.aadObjectId, name: author.actor.name }, tenantId: author.actor.tenantId },
    { createdAt: now, opensAt: request.at ?? now, durationMs: request.durationMs, reminderBeforeMs: deps.settings.reminderBeforeHours * HOUR },
  );
}
