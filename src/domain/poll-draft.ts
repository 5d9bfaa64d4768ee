import { activePriorities, type Catalog } from './catalog';
import { inert } from './markdown';
import { POLL_KINDS, type PollKind, type PollOption, type PollSpec, QUESTION_MAX, RANK_PLACES, VISIBILITIES, type Visibility, validateSpec } from './poll';
import { ukInstant } from './uk-time';

/**
 * A poll in a lead's own words, as the poll form holds it: every field as the client sends it
 * back (text), so a form with mistakes can be shown again exactly as it was typed. Checked
 * field by field, each problem in words beside its field; only a draft with none becomes a
 * poll spec.
 */
export interface PollDraft {
  readonly kind: string;
  readonly question: string;
  /** "priorities": the draft priorities are the options; "own": the lead's, one a line in `options`. */
  readonly optionsFrom: string;
  readonly options: string;
  /** The priority the question is about, or "" for none. */
  readonly priorityId: string;
  /** "1d", "3d", "7d", "14d", or "date" for `closesDate` at `closesTime`, UK time. */
  readonly closesIn: string;
  readonly closesDate: string;
  readonly closesTime: string;
  readonly visibility: string;
  readonly anonymous: string;
  readonly allowQuotes: string;
  /** Multiple choice: at most this many picks (a ready-made template's; the form leaves it to 3). */
  readonly maxPicks?: string;
}

export const DRAFT_FIELDS = [
  'kind',
  'question',
  'optionsFrom',
  'options',
  'priorityId',
  'closesIn',
  'closesDate',
  'closesTime',
  'visibility',
  'anonymous',
  'allowQuotes',
  'maxPicks',
] as const satisfies readonly (keyof PollDraft)[];

export const OPTIONS_MIN = 2;
export const OPTIONS_MAX = 10;
export const OPTION_MAX = 80;
export const CLOSES_IN = ['1d', '3d', '7d', '14d', 'date'] as const;
const DAY = 86_400_000;
const LONGEST = 90 * DAY;
const SHORTEST = 5 * 60_000;
/** A field's text, as long as a client may send it back: more is refused before it is read. */
const FIELD_MAX = 4_000;

export const EMPTY_DRAFT: PollDraft = {
  kind: 'single',
  question: '',
  optionsFrom: 'priorities',
  options: '',
  priorityId: '',
  closesIn: '7d',
  closesDate: '',
  closesTime: '17:00',
  visibility: 'after-answer',
  anonymous: 'true',
  allowQuotes: 'false',
};

/** The draft a form sent back: each field its text (a missing one as in an empty form), nothing else read. */
export function readDraft(data: Readonly<Record<string, unknown>>): PollDraft {
  const field = (name: keyof PollDraft): string => {
    const value = data[name];
    if (typeof value === 'boolean') return String(value);
    // A toggle a client left out reads as the form's own default: anonymous on, quotes off (never named by omission).
    return typeof value === 'string' ? value.slice(0, FIELD_MAX) : name === 'anonymous' ? 'true' : name === 'allowQuotes' ? 'false' : '';
  };
  const draft = Object.fromEntries(DRAFT_FIELDS.map((name) => [name, field(name)])) as unknown as PollDraft;
  // The form's "None" for the priority is the value "none": a choice set's value cannot be empty.
  return draft.priorityId === 'none' ? { ...draft, priorityId: '' } : draft;
}

/** The lead's own options: one a line, blank lines and surrounding spaces dropped. */
export function ownOptions(draft: PollDraft): string[] {
  return draft.options
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Kinds whose options the lead chooses (the others answer on a fixed scale, or in words). */
export function hasOptions(kind: string): boolean {
  return kind === 'single' || kind === 'multi' || kind === 'rating' || kind === 'rank';
}

export type DraftProblems = Partial<Record<keyof PollDraft, string>>;

/**
 * A draft checked: a poll spec and when it closes, or what is wrong, by field. `openForMs` is
 * set when it closes a length of time after it opens ("in 1 week"), however late it launches.
 */
export type CheckedDraft =
  | { readonly ok: true; readonly spec: PollSpec; readonly closesAt: Date; readonly openForMs?: number }
  | { readonly ok: false; readonly problems: DraftProblems };

/** Checks every field, and gives either the spec or every problem at once (not the first only). */
export function checkDraft(draft: PollDraft, catalog: Catalog, now: Date): CheckedDraft {
  const problems: DraftProblems = {};
  const kind = draft.kind as PollKind;
  if (!POLL_KINDS.includes(kind)) problems.kind = 'Choose what kind of question this is.';
  const question = draft.question.trim();
  if (question === '') problems.question = 'Write the question.';
  else if (question.length > QUESTION_MAX) problems.question = `Keep the question to ${QUESTION_MAX} characters; it has ${question.length}.`;
  const priority = draft.priorityId === '' ? undefined : activePriorities(catalog).find((p) => p.id === draft.priorityId);
  if (draft.priorityId !== '' && !priority) problems.priorityId = 'Choose one of the draft priorities, or none.';
  let options: PollOption[] = [];
  let priorityIds: string[] = [];
  if (hasOptions(kind)) {
    if (draft.optionsFrom === 'priorities') {
      options = activePriorities(catalog).map((p) => ({ id: p.id, label: p.title }));
      priorityIds = options.map((o) => o.id);
    } else if (draft.optionsFrom === 'own') {
      const own = ownOptions(draft);
      const least = kind === 'rank' ? RANK_PLACES : kind === 'rating' ? 1 : OPTIONS_MIN;
      if (own.length < least)
        problems.options = least === 1 ? 'Give at least one thing to rate, one a line.' : `Give at least ${least === 2 ? 'two' : 'three'} options, one a line.`;
      else if (own.length > OPTIONS_MAX) problems.options = `Give at most ${OPTIONS_MAX} options; there are ${own.length}.`;
      else if (own.some((o) => o.length > OPTION_MAX)) problems.options = `Keep each option to ${OPTION_MAX} characters.`;
      else if (new Set(own.map((o) => o.toLowerCase())).size !== own.length) problems.options = 'Two options are the same: make each one different.';
      // Stable ids of their own, never a priority's: a poll with its own options does not count towards a priority's support.
      options = own.map((label, i) => ({ id: `o${i + 1}`, label }));
    } else problems.optionsFrom = 'Choose whether the options are the draft priorities or your own.';
  } else if ((kind === 'agreement' || kind === 'open') && priority) {
    // An agreement or an open prompt about one priority counts towards it.
    priorityIds = [priority.id];
  }
  const closesAt = closingTime(draft, now, problems);
  const visibility = draft.visibility as Visibility;
  if (!VISIBILITIES.includes(visibility)) problems.visibility = 'Choose who sees the results, and when.';
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const spec: PollSpec = {
    kind,
    question,
    options,
    priorityIds,
    ...(kind === 'multi' ? { maxPicks: picksOf(draft, options.length) } : {}),
    ...(priority && priorityIds.length !== 1 ? { aboutPriorityId: priority.id } : {}),
    anonymous: draft.anonymous !== 'false',
    visibility,
    allowQuotes: kind === 'open' && draft.allowQuotes === 'true',
  };
  validateSpec(spec);
  const days = RELATIVE[draft.closesIn];
  return { ok: true, spec, closesAt: closesAt!, ...(days ? { openForMs: days * DAY } : {}) };
}

const RELATIVE: Readonly<Record<string, number>> = { '1d': 1, '3d': 3, '7d': 7, '14d': 14 };

function picksOf(draft: PollDraft, options: number): number {
  const asked = Number(draft.maxPicks);
  return Number.isInteger(asked) && asked >= 1 && asked <= options ? asked : Math.min(3, options);
}

function closingTime(draft: PollDraft, now: Date, problems: DraftProblems): Date | undefined {
  if (draft.closesIn !== 'date') {
    const days = RELATIVE[draft.closesIn];
    if (days === undefined) {
      problems.closesIn = 'Choose when the poll closes.';
      return undefined;
    }
    return new Date(now.getTime() + days * DAY);
  }
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(draft.closesDate);
  const time = /^([01]\d|2[0-3]):([0-5]\d)(?::\d\d)?$/.exec(draft.closesTime);
  if (!date) {
    problems.closesDate = 'Choose the day it closes.';
    return undefined;
  }
  if (!time) {
    problems.closesTime = `"${inert(draft.closesTime)}" is not a time of day: choose one such as 17:00.`;
    return undefined;
  }
  const at = new Date(ukInstant({ y: Number(date[1]), m: Number(date[2]), d: Number(date[3]) }, Number(time[1]), Number(time[2])));
  if (Number.isNaN(at.getTime())) problems.closesDate = 'Choose the day it closes.';
  else if (at.getTime() - now.getTime() < SHORTEST) problems.closesDate = 'That is in the past, or too soon: a poll stays open at least 5 minutes.';
  else if (at.getTime() - now.getTime() > LONGEST) problems.closesDate = 'A poll stays open at most 90 days: choose an earlier day.';
  return at;
}

/** The form filled from a past poll, for "compose like" and Duplicate: the same question and options, closing as the form's default. */
export function draftFromSpec(spec: PollSpec, catalog: Catalog): PollDraft {
  const fromPriorities = spec.options.length > 0 && spec.options.every((o) => catalog.priorities.some((p) => p.id === o.id));
  const about = spec.aboutPriorityId ?? (spec.kind === 'agreement' || spec.kind === 'open' ? spec.priorityIds[0] : undefined) ?? '';
  return {
    ...EMPTY_DRAFT,
    kind: spec.kind,
    question: spec.question,
    optionsFrom: hasOptions(spec.kind) && !fromPriorities ? 'own' : 'priorities',
    options: hasOptions(spec.kind) && !fromPriorities ? spec.options.map((o) => o.label).join('\n') : '',
    priorityId: about,
    visibility: spec.visibility,
    anonymous: String(spec.anonymous),
    allowQuotes: String(spec.allowQuotes === true),
  };
}
