import { activePriorities, type Catalog, CatalogError, ID_PATTERN } from './catalog';
import { inert } from './markdown';
import { POLL_KINDS, type PollKind, PollRuleError, type PollSpec, type Visibility, validateSpec } from './poll';

/** Ready-made polls, read from content/poll-templates.json at start-up. */
export interface PollTemplate {
  readonly id: string;
  readonly kind: PollKind;
  readonly question: string;
  /** "priorities": every draft priority is an option. */
  readonly options?: 'priorities';
  readonly maxPicks?: number;
  /** The question names one priority, chosen when the poll starts. */
  readonly needsPriority?: boolean;
}

export function parseTemplates(json: unknown, source: string): PollTemplate[] {
  const raw = (json as Record<string, unknown> | null)?.templates;
  if (!Array.isArray(raw) || raw.length === 0) throw new CatalogError(source, '"templates"', 'must be a non-empty array.');
  const seen = new Set<string>();
  return raw.map((entry: Record<string, unknown>, index) => {
    const id = entry?.id;
    if (typeof id !== 'string' || !ID_PATTERN.test(id) || seen.has(id)) {
      throw new CatalogError(source, `entry ${index + 1}`, `has id ${JSON.stringify(id)}: ids are unique lower-case words joined by hyphens.`);
    }
    seen.add(id);
    const name = `template "${id}"`;
    if (!POLL_KINDS.includes(entry.kind as PollKind)) throw new CatalogError(source, name, `needs "kind": one of ${POLL_KINDS.join(', ')}.`);
    if (typeof entry.question !== 'string' || entry.question.trim() === '') throw new CatalogError(source, name, 'needs a "question".');
    if (entry.options !== undefined && entry.options !== 'priorities') throw new CatalogError(source, name, 'has "options" other than "priorities".');
    if (entry.maxPicks !== undefined && !Number.isInteger(entry.maxPicks)) throw new CatalogError(source, name, 'has a "maxPicks" that is not a whole number.');
    return {
      id,
      kind: entry.kind as PollKind,
      question: entry.question.trim(),
      ...(entry.options === 'priorities' ? { options: 'priorities' as const } : {}),
      ...(typeof entry.maxPicks === 'number' ? { maxPicks: entry.maxPicks } : {}),
      ...(entry.needsPriority === true ? { needsPriority: true } : {}),
    };
  });
}

export interface TemplateChoices {
  readonly priorityId?: string;
  readonly anonymous: boolean;
  readonly visibility: Visibility;
  readonly allowQuotes: boolean;
}

export function specFromTemplate(template: PollTemplate, catalog: Catalog, choices: TemplateChoices): PollSpec {
  let question = template.question;
  let priorityIds: string[] = [];
  if (template.needsPriority) {
    const ids = activePriorities(catalog)
      .map((p) => p.id)
      .join(', ');
    if (!choices.priorityId) throw new PollRuleError(`The "${template.id}" poll is about one priority: add priority=<id> (one of ${ids}).`);
    const priority = activePriorities(catalog).find((p) => p.id === choices.priorityId);
    if (!priority) throw new PollRuleError(`"${inert(choices.priorityId)}" is not a draft priority. Use one of ${ids}.`);
    question = question.replaceAll('{priority}', priority.title);
    priorityIds = [priority.id];
  }
  const options = template.options === 'priorities' ? activePriorities(catalog).map((p) => ({ id: p.id, label: p.title })) : [];
  if (template.options === 'priorities') priorityIds = options.map((o) => o.id);
  const spec: PollSpec = {
    kind: template.kind,
    question,
    options,
    priorityIds,
    ...(template.maxPicks !== undefined ? { maxPicks: template.maxPicks } : {}),
    anonymous: choices.anonymous,
    visibility: choices.visibility,
    allowQuotes: template.kind === 'open' && choices.allowQuotes,
    templateId: template.id,
  };
  validateSpec(spec);
  return spec;
}
