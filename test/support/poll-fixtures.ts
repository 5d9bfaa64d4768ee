import type { PollView } from '../../src/application/ports/poll-presenter';
import { parseConfig } from '../../src/config/config';
import { loadContent } from '../../src/config/content';
import type { AnswerValue } from '../../src/domain/answer';
import type { Poll, PollKind } from '../../src/domain/poll';
import { tally } from '../../src/domain/results';
import { specFromTemplate } from '../../src/domain/templates';

export const CONTENT = loadContent(parseConfig({}).contentDir);

const TEMPLATE_OF: Record<PollKind, string> = {
  single: 'top-priority',
  multi: 'top-two',
  agreement: 'agree',
  rating: 'rate',
  rank: 'rank',
  open: 'one-change',
};

/**
 * A poll of each kind, made from the shipped templates, as the bot would store it. Its dates are
 * fixed (open 24 November to 1 December 2026): only for code on a clock the test sets. A bot on
 * the real clock reads `livePollOf` instead.
 */
export function pollOf(kind: PollKind, overrides: Partial<Poll> = {}): Poll {
  const template = CONTENT.templates.find((t) => t.id === TEMPLATE_OF[kind])!;
  const spec = specFromTemplate(template, CONTENT.catalog, {
    priorityId: 'access',
    anonymous: true,
    visibility: 'live',
    allowQuotes: true,
  });
  return {
    ...spec,
    allowQuotes: spec.allowQuotes ?? false,
    id: `p${kind}0001`,
    author: { aadObjectId: '11111111-1111-4111-8111-111111111111', name: 'Priya Shah' },
    tenantId: 'tenant',
    status: 'open',
    createdAt: '2026-11-24T09:00:00.000Z',
    closesAt: '2026-12-01T17:00:00.000Z',
    postings: [],
    version: 2,
    ...overrides,
  };
}

const DAY = 86_400_000;

/**
 * A poll of each kind that is open now and for a week yet, on the real clock: for tests whose
 * bot reads the real clock. A calendar date there would be a time bomb that goes off the day
 * the real clock passes it; `pollOf`'s fixed dates are for code on a clock the test sets.
 */
export function livePollOf(kind: PollKind, overrides: Partial<Poll> = {}, now = new Date()): Poll {
  return pollOf(kind, {
    createdAt: new Date(now.getTime() - DAY).toISOString(),
    closesAt: new Date(now.getTime() + 7 * DAY).toISOString(),
    ...overrides,
  });
}

/** A valid answer of each kind. */
export function answerOf(kind: PollKind, n = 0): AnswerValue {
  const ids = CONTENT.catalog.priorities.map((p) => p.id);
  const pick = (i: number) => ids[(n + i) % ids.length]!;
  switch (kind) {
    case 'single':
      return { kind, optionId: pick(0) };
    case 'multi':
      return { kind, optionIds: [pick(0), pick(1)].sort((a, b) => ids.indexOf(a) - ids.indexOf(b)) };
    case 'agreement':
      return { kind, level: (['agree', 'strongly-agree', 'not-sure', 'disagree'] as const)[n % 4]! };
    case 'rating':
      return { kind, ratings: Object.fromEntries(ids.map((id, i) => [id, ((n + i) % 5) + 1])) };
    case 'rank':
      return { kind, ranked: [pick(0), pick(1), pick(2)] };
    case 'open':
      return { kind, text: `Shorter waits for physio [link](http://x) <at>all</at> #${n}`, priorityId: pick(0) };
  }
}

/** Views of a poll: unanswered shared card, a person's own view, and final results. */
export function viewsOf(kind: PollKind): { name: string; view: PollView; personal: boolean }[] {
  const now = new Date('2026-11-25T10:00:00.000Z');
  const open = pollOf(kind);
  const closed = pollOf(kind, { status: 'closed', closedAt: '2026-12-01T17:00:00.000Z', closedBy: 'schedule' });
  const answers = Array.from({ length: 12 }, (_, i) => answerOf(kind, i));
  const labels = new Map(CONTENT.catalog.priorities.map((p) => [p.id, p.title]));
  const base = { catalog: CONTENT.catalog, now, canManage: false } as const;
  return [
    { name: `${kind}, unanswered`, personal: false, view: { ...base, poll: open, respondents: 0, resultsNote: 'Results show once 5 people have answered.' } },
    {
      name: `${kind}, the person's own view`,
      personal: true,
      view: {
        ...base,
        poll: open,
        respondents: 12,
        mine: { answer: answerOf(kind, 3) },
        notice: { tone: 'good', text: 'Saved. You can change your answer until Tue 1 Dec at 17:00.' },
        results: tally(open, answers, labels),
        canManage: true,
      },
    },
    { name: `${kind}, results`, personal: false, view: { ...base, poll: closed, respondents: 12, results: tally(closed, answers, labels) } },
  ];
}

/** The card inputs that carry an answer, as Teams sends them in an action's data. */
export function cardDataOf(value: AnswerValue): Record<string, unknown> {
  switch (value.kind) {
    case 'single':
      return { choice: value.optionId };
    case 'multi':
      return { choices: value.optionIds.join(',') };
    case 'agreement':
      return { choice: value.level };
    case 'rating':
      return Object.fromEntries(Object.entries(value.ratings).map(([id, r]) => [`rate_${id}`, String(r)]));
    case 'rank':
      return Object.fromEntries(value.ranked.map((id, i) => [`rank${i + 1}`, id]));
    case 'open':
      return { text: value.text, ...(value.priorityId ? { priority: value.priorityId } : {}) };
  }
}
