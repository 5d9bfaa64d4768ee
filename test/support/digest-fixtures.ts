import { winkAnalyser } from '../../src/adapters/nlp/wink-analyser';
import { priorityWords } from '../../src/application/digest/compute-digest';
import type { Store } from '../../src/application/ports/store';
import type { TextAnalyser } from '../../src/application/ports/text-analyser';
import type { AnswerValue } from '../../src/domain/answer';
import { DigestBuilder, ParticipationCounter, pollInWeek, resultsFinal } from '../../src/domain/digest/builder';
import type { Digest, WeekSupport } from '../../src/domain/digest/model';
import { type DigestWeek, parseWeekId, previousWeek } from '../../src/domain/digest/week';
import type { Poll } from '../../src/domain/poll';
import type { PriorityWords } from '../../src/domain/priority-matcher';
import type { PollResponse } from '../../src/domain/response';
import { SUPPRESSED } from '../../src/domain/suppression';
import { CONTENT, pollOf } from './poll-fixtures';

/**
 * One fixed week of polls and answers (Monday 16 to Sunday 22 November 2026), with every
 * figure of its digest worked out by hand in test/unit/digest.test.ts. K is 5.
 *
 *  A  single choice, 29 people (one changed their answer twice): access 12, joined-up care 8,
 *     profile 3, optimising care 6, the rest 0. Profile (3) and the zeros are under 5; their sum
 *     (3) is too, so optimising care (6) is hidden as well, or it could be worked out.
 *  B  agreement on "access", named, 25 people: physio 10 (4 strongly agree, 4 agree, 1 neutral,
 *     1 disagree), paramedic 8 (1 strongly agree, 5 agree, 2 not sure), OT 5 (1, 3, 1 disagree),
 *     dietitian 2 (2 disagree).
 *  G  agreement on "ahp-identity", 10 people: physio 5 agree; paramedic 4 disagree, 1 agree.
 *  D  open, quotes allowed, 7 people (4 physio, 3 not stated).
 *  C  rating, open into next week, 6 people in the week (3 physio, 3 paramedic) and one more
 *     first answering the next Monday (not counted).
 *  F  multiple choice, 3 paramedics: too few for any figure.
 *  E  last week's single choice: 10 physio, 10 paramedic.
 */

export const WEEK = { id: '2026-11-16', startsAt: '2026-11-16T00:00:00.000Z', endsAt: '2026-11-23T00:00:00.000Z' };
const OPENED = '2026-11-16T09:00:00.000Z';
const CLOSES = '2026-11-20T17:00:00.000Z';

export interface Fixture {
  readonly polls: readonly Poll[];
  readonly responses: readonly PollResponse[];
}

export const OPEN_TEXTS: readonly { text: string; profession?: string; priorityId?: string }[] = [
  { text: 'Shorter waiting lists for community rehab would change everything for my patients.', profession: 'physiotherapist', priorityId: 'access' },
  { text: 'Waiting lists are far too long, so people give up before they are seen.', profession: 'physiotherapist', priorityId: 'access' },
  { text: 'Cut the waiting lists by funding more clinic time.', profession: 'physiotherapist', priorityId: 'access' },
  { text: 'Long waiting lists and staff shortages in our service.', profession: 'physiotherapist', priorityId: 'access' },
  { text: 'Staff shortages mean the waiting lists keep growing.', priorityId: 'access' },
  { text: 'Email me at someone@example.nhs.uk about waiting lists.' },
  { text: 'Better digital records shared between teams.' },
];

export function digestFixture(): Fixture {
  const responses: PollResponse[] = [];
  let serial = 0;
  const answer = (poll: Poll, value: AnswerValue, profession: string | undefined, options: { at?: string; revision?: number; named?: boolean } = {}) => {
    const at = options.at ?? '2026-11-17T10:00:00.000Z';
    const key = `k${String(serial++).padStart(4, '0')}`;
    responses.push({
      pollId: poll.id,
      respondentKey: options.named ? `aad:${key}` : `anon:${key}`,
      ...(options.named ? { aadObjectId: `00000000-0000-4000-8000-00000000${String(serial).padStart(4, '0')}`, name: `Person ${serial}` } : {}),
      ...(profession ? { profession } : {}),
      value,
      answeredAt: at,
      firstAnsweredAt: at,
      revision: options.revision ?? 0,
    });
  };
  const times = (count: number, work: () => void) => Array.from({ length: count }, work);

  const a = pollOf('single', { id: 'pa', createdAt: OPENED, closesAt: CLOSES, status: 'closed', closedAt: CLOSES });
  const single = (optionId: string): AnswerValue => ({ kind: 'single', optionId });
  times(6, () => answer(a, single('access'), 'physiotherapist'));
  times(6, () => answer(a, single('access'), 'paramedic'));
  times(4, () => answer(a, single('joined-up-care'), 'physiotherapist'));
  times(4, () => answer(a, single('joined-up-care'), 'occupational-therapist'));
  times(3, () => answer(a, single('profile-of-roles'), 'paramedic'));
  times(2, () => answer(a, single('optimising-care'), 'occupational-therapist'));
  times(3, () => answer(a, single('optimising-care'), 'dietitian'));
  answer(a, single('optimising-care'), 'dietitian', { revision: 2 });

  const b = pollOf('agreement', { id: 'pb', anonymous: false, createdAt: OPENED, closesAt: CLOSES, status: 'closed', closedAt: CLOSES });
  const level = (l: string): AnswerValue => ({ kind: 'agreement', level: l as never });
  const agree = (profession: string, counts: Record<string, number>) => {
    for (const [l, count] of Object.entries(counts)) times(count, () => answer(b, level(l), profession, { named: true }));
  };
  agree('physiotherapist', { 'strongly-agree': 4, agree: 4, neutral: 1, disagree: 1 });
  agree('paramedic', { 'strongly-agree': 1, agree: 5, 'not-sure': 2 });
  agree('occupational-therapist', { 'strongly-agree': 1, agree: 3, disagree: 1 });
  agree('dietitian', { disagree: 2 });

  const g = pollOf('agreement', {
    id: 'pg',
    question: '"Developing the AHP identity" should be one of the strategy\'s priorities.',
    priorityIds: ['ahp-identity'],
    createdAt: OPENED,
    closesAt: CLOSES,
    status: 'closed',
    closedAt: CLOSES,
  });
  times(5, () => answer(g, level('agree'), 'physiotherapist'));
  times(4, () => answer(g, level('disagree'), 'paramedic'));
  answer(g, level('agree'), 'paramedic');

  const d = pollOf('open', { id: 'pd', allowQuotes: true, createdAt: OPENED, closesAt: CLOSES, status: 'closed', closedAt: CLOSES });
  for (const t of OPEN_TEXTS) answer(d, { kind: 'open', text: t.text, ...(t.priorityId ? { priorityId: t.priorityId } : {}) }, t.profession);

  // Closed after the week ended, before the digest: answers first given after the week do not count.
  const c = pollOf('rating', { id: 'pc', createdAt: OPENED, closesAt: '2026-11-23T08:30:00.000Z', status: 'closed', closedAt: '2026-11-23T08:30:00.000Z' });
  const rates: [number, number, string][] = [
    [5, 2, 'physiotherapist'],
    [5, 3, 'physiotherapist'],
    [4, 3, 'physiotherapist'],
    [4, 2, 'paramedic'],
    [3, 4, 'paramedic'],
    [5, 1, 'paramedic'],
  ];
  for (const [access, optimising, profession] of rates) answer(c, { kind: 'rating', ratings: { access, 'optimising-care': optimising } }, profession);
  answer(c, { kind: 'rating', ratings: { access: 1, 'optimising-care': 1 } }, 'physiotherapist', { at: '2026-11-23T08:00:00.000Z' });

  const f = pollOf('multi', { id: 'pf', createdAt: OPENED, closesAt: CLOSES, status: 'closed', closedAt: CLOSES });
  times(3, () => answer(f, { kind: 'multi', optionIds: ['access', 'joined-up-care'] }, 'paramedic'));

  const e = pollOf('single', {
    id: 'pe',
    createdAt: '2026-11-09T09:00:00.000Z',
    closesAt: '2026-11-13T17:00:00.000Z',
    status: 'closed',
    closedAt: '2026-11-13T17:00:00.000Z',
  });
  times(10, () => answer(e, single('access'), 'physiotherapist', { at: '2026-11-10T10:00:00.000Z' }));
  times(10, () => answer(e, single('joined-up-care'), 'paramedic', { at: '2026-11-10T10:00:00.000Z' }));

  return { polls: [a, b, g, d, c, f, e], responses };
}

/** Each priority's own words as stems, as the digest computes them. */
export function priorityWordsOf(analyser: TextAnalyser): ReadonlyMap<string, PriorityWords> {
  return priorityWords({ analyser, catalog: CONTENT.catalog });
}

let analyser: TextAnalyser | undefined;

/**
 * Two weeks before the fixture week, as their digests published their priorities' support:
 * 2 November showed access 50 only; 9 November access 55, optimising care 45 and joined-up
 * care 28 (the rest suppressed or not asked about).
 */
export const PAST_SUPPORT: readonly { weekId: string; support: Readonly<Record<string, number>> }[] = [
  { weekId: '2026-11-02', support: { access: 50 } },
  { weekId: '2026-11-09', support: { access: 55, 'optimising-care': 45, 'joined-up-care': 28 } },
];

/** A week's priority support as its digest would have published it: these figures shown, the rest suppressed. */
export function publishedWeek(weekId: string, support: Readonly<Record<string, number>>): WeekSupport {
  return {
    weekId,
    priorities: fixtureDigest().priorities.map((p) => ({ ...p, support: support[p.id] !== undefined ? { value: support[p.id]! } : SUPPRESSED })),
  };
}

/** PAST_SUPPORT as the priorities of published digests. */
export function pastWeeks(): WeekSupport[] {
  return PAST_SUPPORT.map(({ weekId, support }) => publishedWeek(weekId, support));
}

/** Records PAST_SUPPORT's weeks as published (and delivered) digests, through the store's own create. */
export async function seedPastDigests(store: Store): Promise<void> {
  const base = fixtureDigest();
  for (const { weekId, priorities } of pastWeeks()) {
    await store.digests.create({
      weekId,
      digest: { ...base, week: parseWeekId(weekId) as DigestWeek, priorities },
      publishedAt: `${weekId}T09:00:00.000Z`,
      publishedBy: 'an earlier instance',
      status: 'queued',
      version: 2,
    });
  }
}

/** The fixture's digest, computed in memory (the end-to-end tests compute it through both stores). */
export function fixtureDigest(k = 5, past: readonly WeekSupport[] = []): Digest {
  analyser ??= winkAnalyser();
  const reader = analyser;
  const fixture = digestFixture();
  const builder = new DigestBuilder(WEEK, CONTENT.catalog, k, { analyse: (text) => reader.analyse(text), priorityWords: priorityWordsOf(reader) });
  const before = previousWeek(WEEK);
  const previous = new ParticipationCounter(before);
  const computedAt = new Date('2026-11-23T09:00:00Z');
  const final = (poll: Poll) => resultsFinal(poll, computedAt.toISOString());
  for (const poll of fixture.polls) if (pollInWeek(poll, WEEK)) builder.addPoll(poll, final(poll));
  for (const response of fixture.responses) {
    const poll = fixture.polls.find((p) => p.id === response.pollId)!;
    builder.addResponse(response);
    if (final(poll) && pollInWeek(poll, before)) previous.count(response);
  }
  return builder.finish({ previous, computedAt, past });
}

/**
 * Writes the fixture through the store's own save, as answers arrive: a response changed n
 * times is saved n + 1 times (earlier answers first), so the store counts its revisions.
 */
export async function seedFixture(store: Store): Promise<void> {
  const fixture = digestFixture();
  for (const poll of fixture.polls) await store.polls.create(poll);
  for (const response of fixture.responses) {
    for (let change = response.revision; change > 0; change--) {
      const earlier = new Date(Date.parse(response.answeredAt) - change * 60_000).toISOString();
      const other: AnswerValue =
        response.value.kind === 'single' ? { kind: 'single', optionId: change % 2 === 1 ? 'access' : 'joined-up-care' } : response.value;
      await store.responses.save({ ...response, value: other, answeredAt: earlier, firstAnsweredAt: earlier, revision: 0 });
    }
    await store.responses.save({ ...response, revision: 0 });
  }
}

/**
 * What the fixture week's digest card says in its three newer views, after PAST_SUPPORT's
 * weeks, at K = 5: every figure worked out by hand in test/unit/digest-insights.test.ts. The
 * card test draws it in memory; the end-to-end test reads it from each store's published card.
 */
export const INSIGHT_LINES: readonly RegExp[] = [
  // The priorities over time.
  /"legend":"Easier access to support","values":\[\{"x":"2 Nov","y":50\},\{"x":"9 Nov","y":55\},\{"x":"16 Nov","y":58\}\]/,
  /"title":"Easier access to support","value":"2 Nov: 50 · 9 Nov: 55 · 16 Nov: 58"/,
  /"title":"Optimising care","value":"9 Nov: 45 · 16 Nov: 38"/,
  /Biggest movers: Optimising care, down 7 \(45 in the week of 9 Nov, 38 now\); Easier access to support, up 3 \(55 in the week of 9 Nov, 58 now\)\./,
  // Who we are not hearing from.
  /Heard least: Radiographers \(0% of respondents, 16\.8% of the workforce\); Speech and language therapists/,
  /"title":"Physiotherapists","value":"40% of respondents · 26\.5% of the workforce"/,
  /"title":"Paramedics","value":"35% of respondents · 14% of the workforce"/,
  /"title":"Dietitians","value":"share of respondents hidden so that another figure cannot be worked out · 4\.3% of the workforce"/,
  /"title":"Easier access to support","value":"58 as answered · 30 reweighted \(effective sample 22\)"/,
  /"title":"Optimising care","value":"38 as answered · 39 reweighted \(effective sample 6\)"/,
  /"title":"Communication, collaboration and integration","value":"28 as answered · 18 reweighted \(effective sample 11\)"/,
  // AHPs beside citizens.
  /"title":"Priorities citizens raised","value":"29 average support \(3 of 4 with figures\)"/,
  /"title":"Priorities AHPs raised","value":"13 average support \(3 of 3 with figures\)"/,
  /echo most: Easier access to support \(6 answers, raised by citizens\)/,
  /Silent on \(fewer than 5 answers, or none\): Communication, collaboration and integration; Raise the profile of AHP roles/,
];

/** One priority's weeks as `trend access` shows them after PAST_SUPPORT's weeks and the fixture week. */
export const TREND_VIEW = {
  title: 'Easier access to support',
  raisedBy: ['citizens'],
  weeks: [
    { weekId: '2026-10-26', value: 'no digest' },
    { weekId: '2026-11-02', value: '50' },
    { weekId: '2026-11-09', value: '55' },
    { weekId: '2026-11-16', value: '58' },
  ],
  points: [null, 50, 55, 58],
  shownWeeks: 8,
  minRespondents: 5,
} as const;
