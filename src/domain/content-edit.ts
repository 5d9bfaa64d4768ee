import { type Catalog, MAX_COVER, MAX_COVERS, type Priority, type RaisedBy, type WorkforceGroup } from './catalog';
import type { PollDraft } from './poll-draft';

/**
 * What admins change of the content from inside the bot: a priority's wording and who raised
 * it, a new priority, a priority retired (or brought back), and a workforce figure with its
 * source and date. Ids never change: answers, polls and published digests refer to them. Each
 * change is checked field by field, every problem in words, as the poll form's are.
 */

export const TITLE_MAX = 80;
export const DESCRIPTION_MAX = 240;
export const SOURCE_MAX = 240;

/** A lead's own template: a poll form's draft saved under a name, beside the ready-made templates. */
export interface LeadTemplate {
  readonly id: string;
  readonly name: string;
  /** Its lead, by their keyed pseudonym (as the audit log names people): only they use, change or retire it. */
  readonly owner: string;
  readonly draft: PollDraft;
  readonly savedAt: string;
  readonly retiredAt?: string;
}

export const TEMPLATE_NAME_MAX = 60;
/** How many templates one lead keeps at once. */
export const TEMPLATES_PER_LEAD = 30;

/** The edited content, as the store keeps it: the seed's files give everything else. */
export interface StoredCatalog {
  readonly priorities: readonly Priority[];
  readonly workforce: readonly WorkforceGroup[];
  /** Leads' own templates (absent before the first one). */
  readonly templates?: readonly LeadTemplate[];
  /** Bumped on every save; a save that expects an older version is refused. */
  readonly version: number;
  readonly updatedAt: string;
}

export interface PriorityFields {
  readonly title: string;
  readonly description: string;
  /** "citizens", "ahps", or both, comma-separated (a multi-select's value). */
  readonly raisedBy: string;
  /** What it covers, comma-separated ("waiting lists, referrals"); may be empty. Absent: kept as it was. */
  readonly covers?: string;
  /** "true": retired. */
  readonly retired: string;
}

export type ContentProblems = Partial<Record<'title' | 'description' | 'raisedBy' | 'covers' | 'count' | 'source' | 'asAt', string>>;
export type ContentCheck<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: ContentProblems };

/** A field's text on one line: a line break typed in a box becomes a space. */
const clean = (value: string): string => value.replace(/\s*[\r\n]+\s*/g, ' ').trim();

const line = (value: string, max: number, what: string): string | undefined => {
  const text = clean(value);
  if (text === '') return `Write the ${what}.`;
  if (text.length > max) return `Keep the ${what} to ${max} characters; it has ${text.length}.`;
  return undefined;
};

/** An id for a new priority, from its title: lower-case words joined by hyphens, unique in the catalogue. */
export function newPriorityId(title: string, catalog: Catalog): string {
  const base =
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'priority';
  let id = base;
  for (let n = 2; catalog.priorities.some((p) => p.id === id); n++) id = `${base}-${n}`;
  return id;
}

/** A priority as edited (or a new one when `id` is undefined): its fields checked, then the catalogue's priorities with it in place. */
export function changePriority(catalog: Catalog, id: string | undefined, fields: PriorityFields, now: Date): ContentCheck<readonly Priority[]> {
  const problems: ContentProblems = {};
  const title = line(fields.title, TITLE_MAX, 'title');
  if (title) problems.title = title;
  const description = line(fields.description, DESCRIPTION_MAX, 'description');
  if (description) problems.description = description;
  const raisedBy = [...new Set(fields.raisedBy.split(',').map((s) => s.trim()))].filter((s): s is RaisedBy => s === 'citizens' || s === 'ahps');
  if (raisedBy.length === 0) problems.raisedBy = 'Say who raised it: citizens, AHPs, or both.';
  const covers =
    fields.covers === undefined
      ? undefined
      : [
          ...new Set(
            clean(fields.covers)
              .split(',')
              .map((c) => c.trim())
              .filter((c) => c !== ''),
          ),
        ];
  const longCover = covers?.find((c) => c.length > MAX_COVER);
  if (covers && covers.length > MAX_COVERS) problems.covers = `Keep it to ${MAX_COVERS} topics; it has ${covers.length}.`;
  else if (longCover) problems.covers = `Keep each topic to ${MAX_COVER} characters: "${longCover.slice(0, 20)}…" has ${longCover.length}.`;
  const existing = id === undefined ? undefined : catalog.priorities.find((p) => p.id === id);
  if (id !== undefined && !existing) problems.title = 'That priority is not in the catalogue any more: open the list again.';
  const sameTitle = catalog.priorities.find((p) => p.id !== id && !p.retiredAt && p.title.toLowerCase() === fields.title.trim().toLowerCase());
  if (!problems.title && sameTitle) problems.title = `"${sameTitle.title}" is already a priority: give this one a title of its own.`;
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const retired = fields.retired === 'true';
  const edited: Priority = {
    id: existing?.id ?? newPriorityId(fields.title, catalog),
    title: clean(fields.title),
    description: clean(fields.description),
    raisedBy,
    // Kept as it was when the form had no box for it; an empty list is kept, so the seed's does not come back (withEdits).
    ...(covers ? { covers } : existing?.covers ? { covers: existing.covers } : {}),
    ...(retired ? { retiredAt: existing?.retiredAt ?? now.toISOString() } : {}),
  };
  const priorities = existing ? catalog.priorities.map((p) => (p.id === existing.id ? edited : p)) : [...catalog.priorities, edited];
  if (priorities.every((p) => p.retiredAt))
    return { ok: false, problems: { title: 'Keep at least one priority that is not retired: polls need one to be about.' } };
  return { ok: true, value: priorities };
}

export interface WorkforceFields {
  readonly count: string;
  readonly source: string;
  /** "YYYY-MM-DD". */
  readonly asAt: string;
}

/** A workforce figure replaced: how many, from which source, at which date (not in the future). */
export function changeWorkforce(catalog: Catalog, groupId: string, fields: WorkforceFields, now: Date): ContentCheck<readonly WorkforceGroup[]> {
  const problems: ContentProblems = {};
  const group = catalog.workforce.groups.find((g) => g.id === groupId);
  const count = /^\d{1,7}$/.test(fields.count.trim()) ? Number(fields.count.trim()) : Number.NaN;
  if (!Number.isInteger(count) || count <= 0) problems.count = 'Give how many people, a whole number above 0.';
  const source = line(fields.source, SOURCE_MAX, 'source');
  if (source) problems.source = source;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(fields.asAt) ? Date.parse(`${fields.asAt}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(date)) problems.asAt = 'Give the date the figure counts people at.';
  else if (date > now.getTime()) problems.asAt = 'That date is in the future: give the date the figure counts people at.';
  if (!group) problems.count = 'That group is not in the workforce any more: open the list again.';
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, value: catalog.workforce.groups.map((g) => (g.id === groupId ? { ...g, count, source: clean(fields.source), asAt: fields.asAt } : g)) };
}

/** The catalogue with the store's edits: its priorities and workforce figures in place of the seed's. */
export function withEdits(seed: Catalog, stored: StoredCatalog | undefined): Catalog {
  if (!stored) return seed;
  const groups = seed.workforce.groups.map((g) => stored.workforce.find((s) => s.id === g.id) ?? g);
  // A priority the seed has and the store does not (a later release's file) joins the list. A
  // stored priority saved before priorities said what they cover takes the seed's.
  const fromSeed = new Map(seed.priorities.map((p) => [p.id, p]));
  const priorities = [
    ...stored.priorities.map((p) => (p.covers === undefined && fromSeed.get(p.id)?.covers ? { ...p, covers: fromSeed.get(p.id)!.covers } : p)),
    ...seed.priorities.filter((p) => !stored.priorities.some((s) => s.id === p.id)),
  ];
  return { ...seed, priorities, workforce: { groups, total: groups.reduce((sum, g) => sum + g.count, 0) } };
}

/** Saves a draft as the lead's template `name`: a new one, or the one of that name replaced (how a template is edited). */
export function saveTemplate(
  templates: readonly LeadTemplate[],
  owner: string,
  name: string,
  draft: PollDraft,
  now: Date,
): ContentCheck<readonly LeadTemplate[]> {
  const problem = line(name, TEMPLATE_NAME_MAX, "template's name");
  if (problem) return { ok: false, problems: { title: problem } };
  const clean = name.replace(/\s+/g, ' ').trim();
  const theirs = templates.filter((t) => t.owner === owner && !t.retiredAt);
  const same = theirs.find((t) => t.name.toLowerCase() === clean.toLowerCase());
  if (!same && theirs.length >= TEMPLATES_PER_LEAD)
    return { ok: false, problems: { title: `You keep ${TEMPLATES_PER_LEAD} templates already: retire one first.` } };
  const saved: LeadTemplate = {
    id: same?.id ?? `t${now.getTime().toString(36)}${templates.length.toString(36)}`,
    name: clean,
    owner,
    draft,
    savedAt: now.toISOString(),
  };
  return { ok: true, value: same ? templates.map((t) => (t.id === same.id ? saved : t)) : [...templates, saved] };
}

/** Retires one of the lead's templates: kept (a poll made from it keeps its words), no longer offered. */
export function retireTemplate(templates: readonly LeadTemplate[], owner: string, id: string, now: Date): ContentCheck<readonly LeadTemplate[]> {
  const found = templates.find((t) => t.id === id && t.owner === owner && !t.retiredAt);
  if (!found) return { ok: false, problems: { title: 'That is not one of your templates in use: choose one from the list.' } };
  return { ok: true, value: templates.map((t) => (t.id === id ? { ...t, retiredAt: now.toISOString() } : t)) };
}
