import type { Catalog } from './catalog';
import type { DigestWeek } from './digest-week';
import { type Poll, type PollKind, RATING_MAX, RATING_MIN } from './poll';
import type { PollResponse } from './response';
import { Tally } from './results';
import { type Cell, SUPPRESSED, cellOf, suppressedCells } from './suppression';
import { type TextAnalyser, type Theme, ThemeFinder } from './themes';

/**
 * A week's digest: what AHPs said in the polls open that week, as figures that are safe to
 * publish. Responses are streamed through a DigestBuilder one at a time (a week may hold a
 * million), then `finish` applies the small-number rules and returns plain data, which is
 * what a publication stores and what the card is drawn from.
 */

export const NOT_STATED = 'not-stated';
/** "Where the professions agree": every profession with enough answers, this share or more one way (pol.is's majority). */
export const AGREE_SHARE = 60;
export const MAX_DIFFER = 3;
export const MAX_AGREE = 3;

export interface DigestRow {
  /** The option (or agreement level, or priority of an open answer). */
  readonly id: string;
  readonly label: string;
  /** People (choices, agreement, open), mean rating (rating) or points (rank). */
  readonly value: Cell;
  /** Of respondents (choices, agreement, open). */
  readonly percent?: Cell;
}

export interface DigestPoll {
  readonly id: string;
  readonly question: string;
  readonly kind: PollKind;
  readonly status: 'open' | 'closed';
  readonly closesAt: string;
  /** Answers given, counting each change of answer. */
  readonly responses: Cell;
  /** Distinct people who answered. */
  readonly respondents: Cell;
  readonly measure: 'people' | 'mean rating' | 'points';
  readonly rows: readonly DigestRow[];
}

export interface ProfessionParticipation {
  readonly id: string;
  readonly title: string;
  readonly responses: Cell;
  readonly previous: Cell;
  /** This week less last week. */
  readonly change: Cell;
}

export interface Participation {
  /** One per person per poll (anonymous answers cannot be linked across polls, by design). */
  readonly responses: Cell;
  readonly previous: Cell;
  readonly change: Cell;
  readonly byProfession: readonly ProfessionParticipation[];
}

export interface PrioritySupport {
  readonly id: string;
  readonly title: string;
  /** 0 to 100: the answer-weighted share who backed it in the polls that asked about it. */
  readonly support: Cell;
  /** Polls whose shown figures gave its support. */
  readonly polls: number;
  /** Polls this week that asked about it at all. */
  readonly asked: number;
}

export interface Statement {
  readonly pollId: string;
  readonly text: string;
  readonly direction: 'agree' | 'disagree' | 'mixed';
  /** Share agreeing (or rating it 4 or 5) in each profession with enough answers. */
  readonly shares: readonly { readonly profession: string; readonly percent: number }[];
  readonly spread: number;
}

export interface DigestThemes {
  readonly openAnswers: Cell;
  readonly themes: readonly (Theme & { readonly priorityTitle?: string })[];
  readonly hidden: number;
  readonly quotes: readonly string[];
}

export interface Digest {
  readonly week: DigestWeek;
  readonly computedAt: string;
  /** The small-number threshold the figures were suppressed at. */
  readonly minRespondents: number;
  readonly polls: readonly DigestPoll[];
  readonly participation: Participation;
  readonly priorities: readonly PrioritySupport[];
  readonly agree: readonly Statement[];
  readonly differ: readonly Statement[];
  readonly themes: DigestThemes;
}

/** Whether a response counts in the week: to a poll open in the week, first given before the week ended. */
export function pollInWeek(poll: Pick<Poll, 'createdAt' | 'closesAt' | 'closedAt'>, week: DigestWeek): boolean {
  const closed = poll.closedAt ?? poll.closesAt;
  return poll.createdAt < week.endsAt && closed > week.startsAt;
}

interface PollState {
  readonly poll: Poll;
  readonly tally: Tally;
  readonly byProfession: Map<string, Tally>;
  submissions: number;
}

/** Participation only: how many responses each profession gave (last week's, for the change). */
export class ParticipationCounter {
  readonly byProfession = new Map<string, number>();
  total = 0;

  constructor(protected readonly week: DigestWeek) {}

  /** False when the response does not count in the week. */
  count(response: PollResponse): boolean {
    if (response.firstAnsweredAt >= this.week.endsAt) return false;
    const profession = response.profession ?? NOT_STATED;
    this.byProfession.set(profession, (this.byProfession.get(profession) ?? 0) + 1);
    this.total += 1;
    return true;
  }
}

/** The language side of a digest: the analyser, and each priority's own words as lemmas. */
export interface ThemeSettings {
  readonly analyser: TextAnalyser;
  readonly priorityLemmas: ReadonlyMap<string, ReadonlySet<string>>;
}

export class DigestBuilder extends ParticipationCounter {
  private readonly states = new Map<string, PollState>();
  private readonly themes: ThemeFinder;

  constructor(
    week: DigestWeek,
    private readonly catalog: Catalog,
    private readonly k: number,
    language: ThemeSettings,
  ) {
    super(week);
    const priorities = catalog.priorities.map((p) => ({ id: p.id, lemmas: language.priorityLemmas.get(p.id) ?? new Set<string>() }));
    this.themes = new ThemeFinder(language.analyser, priorities, k);
  }

  addPoll(poll: Poll): void {
    const labels = new Map(this.catalog.priorities.map((p) => [p.id, p.title]));
    this.states.set(poll.id, { poll, tally: new Tally(poll, labels), byProfession: new Map(), submissions: 0 });
  }

  addResponse(response: PollResponse): void {
    const state = this.states.get(response.pollId);
    if (!state || !this.count(response)) return;
    state.tally.add(response.value);
    state.submissions += 1 + response.revision;
    if (state.poll.kind === 'agreement' || state.poll.kind === 'rating') {
      const profession = response.profession ?? NOT_STATED;
      let t = state.byProfession.get(profession);
      if (!t) state.byProfession.set(profession, (t = new Tally(state.poll)));
      t.add(response.value);
    }
    if (response.value.kind === 'open') {
      const value = response.value;
      this.themes.add({ text: value.text, ...(value.priorityId ? { priorityId: value.priorityId } : {}), quotable: state.poll.allowQuotes });
    }
  }

  finish(options: { previous: ParticipationCounter; computedAt: Date }): Digest {
    const k = this.k;
    const states = [...this.states.values()].sort(
      (a, b) => b.tally.size - a.tally.size || a.poll.createdAt.localeCompare(b.poll.createdAt) || a.poll.id.localeCompare(b.poll.id),
    );
    const statements = states.flatMap((s) => this.statements(s));
    const agree = statements.filter((s) => s.direction !== 'mixed').sort((a, b) => b.shares.length - a.shares.length || a.spread - b.spread).slice(0, MAX_AGREE);
    const differ = statements.filter((s) => s.direction === 'mixed').sort((a, b) => b.spread - a.spread).slice(0, MAX_DIFFER);
    const themes = this.themes.result();
    const openAnswers = this.themes.answers;
    const priorityTitle = new Map(this.catalog.priorities.map((p) => [p.id, p.title]));
    const figures = states.map((s) => this.pollFigures(s));
    return {
      week: this.week,
      computedAt: options.computedAt.toISOString(),
      minRespondents: k,
      polls: figures,
      participation: this.participation(options.previous),
      priorities: this.priorities(states, new Map(figures.map((f) => [f.id, f]))),
      agree,
      differ,
      themes: {
        openAnswers: cellOf(openAnswers, openAnswers, k),
        themes: themes.themes.map((t) => ({ ...t, ...(t.priorityId ? { priorityTitle: priorityTitle.get(t.priorityId) ?? t.priorityId } : {}) })),
        hidden: themes.hidden,
        quotes: themes.quotes,
      },
    };
  }

  private pollFigures({ poll, tally, submissions }: PollState): DigestPoll {
    const k = this.k;
    const n = tally.size;
    const results = tally.result();
    const base = {
      id: poll.id,
      question: poll.question,
      kind: poll.kind,
      status: poll.status,
      closesAt: poll.closedAt ?? poll.closesAt,
      responses: cellOf(submissions, n, k),
      respondents: cellOf(n, n, k),
    };
    if (n < k) return { ...base, measure: results.kind === 'rating' ? 'mean rating' : results.kind === 'rank' ? 'points' : 'people', rows: [] };
    switch (results.kind) {
      case 'counts':
      case 'open': {
        // Single choice, agreement and open answers put each person in one row: a total that is shown.
        const partition = poll.kind !== 'multi';
        const hidden = suppressedCells(results.rows.map((r) => r.count), k, partition);
        return {
          ...base,
          measure: 'people',
          rows: results.rows.map((r, i) =>
            hidden[i]
              ? { id: r.id, label: r.label, value: SUPPRESSED, percent: SUPPRESSED }
              : { id: r.id, label: r.label, value: { value: r.count }, percent: { value: r.percent } },
          ),
        };
      }
      case 'rating':
        return { ...base, measure: 'mean rating', rows: results.rows.map((r) => ({ id: r.id, label: r.label, value: cellOf(r.mean, tally.answeredBy(r.id), k) })) };
      case 'rank':
        return { ...base, measure: 'points', rows: results.rows.map((r) => ({ id: r.id, label: r.label, value: cellOf(r.points, tally.answeredBy(r.id), k) })) };
    }
  }

  private participation(previous: ParticipationCounter): Participation {
    const k = this.k;
    const ids = [...new Set([...this.byProfession.keys(), ...previous.byProfession.keys()])].sort();
    const now = ids.map((id) => this.byProfession.get(id) ?? 0);
    const before = ids.map((id) => previous.byProfession.get(id) ?? 0);
    const hiddenNow = suppressedCells(now, k, true);
    const hiddenBefore = suppressedCells(before, k, true);
    const title = (id: string) => (id === NOT_STATED ? 'Profession not stated' : (this.catalog.professions.find((p) => p.id === id)?.title ?? id));
    const byProfession = ids
      .map((id, i) => {
        const responses: Cell = hiddenNow[i] ? SUPPRESSED : { value: now[i]! };
        const prior: Cell = hiddenBefore[i] ? SUPPRESSED : { value: before[i]! };
        const change: Cell = 'value' in responses && 'value' in prior ? { value: responses.value - prior.value } : SUPPRESSED;
        return { id, title: title(id), responses, previous: prior, change };
      })
      .filter((row, i) => now[i]! > 0 || before[i]! > 0)
      .sort((a, b) => Number(a.id === NOT_STATED) - Number(b.id === NOT_STATED) || a.title.localeCompare(b.title));
    const responses = cellOf(this.total, this.total, k);
    const prior = cellOf(previous.total, previous.total, k);
    return {
      responses,
      previous: prior,
      change: 'value' in responses && 'value' in prior ? { value: responses.value - prior.value } : SUPPRESSED,
      byProfession,
    };
  }

  /**
   * Support for each draft priority, over every poll that asked about it, from the figures the
   * digest shows only (a hidden cell never feeds a figure that would give it away).
   */
  private priorities(states: readonly PollState[], figures: ReadonlyMap<string, DigestPoll>): PrioritySupport[] {
    const sums = new Map<string, { weighted: number; weight: number; polls: number }>();
    const asked = new Map<string, number>();
    const add = (id: string, share: number, weight: number) => {
      const s = sums.get(id) ?? { weighted: 0, weight: 0, polls: 0 };
      s.weighted += share * weight;
      s.weight += weight;
      s.polls += 1;
      sums.set(id, s);
    };
    for (const { poll, tally } of states) {
      for (const id of poll.priorityIds) asked.set(id, (asked.get(id) ?? 0) + 1);
      const n = tally.size;
      const rows = figures.get(poll.id)?.rows ?? [];
      const value = (id: string): number | undefined => {
        const cell = rows.find((r) => r.id === id)?.value;
        return cell && 'value' in cell ? cell.value : undefined;
      };
      if (n < this.k || rows.length === 0) continue;
      if (poll.kind === 'agreement') {
        const strongly = value('strongly-agree');
        const agreeing = value('agree');
        if (strongly !== undefined && agreeing !== undefined) add(poll.priorityIds[0]!, (strongly + agreeing) / n, n);
        continue;
      }
      for (const id of poll.priorityIds) {
        const shown = value(id);
        if (shown === undefined) continue;
        if (poll.kind === 'rating') add(id, (shown - RATING_MIN) / (RATING_MAX - RATING_MIN), tally.answeredBy(id));
        else if (poll.kind === 'rank') add(id, tally.answeredBy(id) / n, n);
        else add(id, shown / n, n);
      }
    }
    return this.catalog.priorities
      .map((p) => {
        const s = sums.get(p.id);
        const support: Cell = s && s.weight >= this.k ? { value: Math.round((100 * s.weighted) / s.weight) } : SUPPRESSED;
        return { id: p.id, title: p.title, support, polls: s?.polls ?? 0, asked: asked.get(p.id) ?? 0 };
      })
      .sort((a, b) => ('value' in b.support ? b.support.value : -1) - ('value' in a.support ? a.support.value : -1) || a.title.localeCompare(b.title));
  }

  /** Agreement statements and rating items, compared across the professions with K or more answers. */
  private statements({ poll, byProfession }: PollState): Statement[] {
    const title = (id: string) => this.catalog.professions.find((p) => p.id === id)?.title ?? id;
    const groups = [...byProfession.entries()].filter(([id, t]) => id !== NOT_STATED && t.size >= this.k);
    const items: { text: string; shares: { profession: string; agree: number; disagree: number }[] }[] = [];
    if (poll.kind === 'agreement') {
      items.push({
        text: poll.question,
        shares: groups.map(([id, t]) => {
          const rows = t.result().rows as readonly { id: string; count: number }[];
          const c = (level: string) => rows.find((r) => r.id === level)?.count ?? 0;
          return { profession: title(id), agree: (c('strongly-agree') + c('agree')) / t.size, disagree: (c('disagree') + c('strongly-disagree')) / t.size };
        }),
      });
    } else if (poll.kind === 'rating') {
      for (const option of poll.options) {
        const rated = groups.filter(([, t]) => t.answeredBy(option.id) >= this.k);
        items.push({
          text: `${option.label} is important (rated 4 or 5)`,
          shares: rated.map(([id, t]) => {
            const row = (t.result().rows as readonly { id: string; counts: readonly number[] }[]).find((r) => r.id === option.id)!;
            const n = t.answeredBy(option.id);
            return { profession: title(id), agree: (row.counts[3]! + row.counts[4]!) / n, disagree: (row.counts[0]! + row.counts[1]!) / n };
          }),
        });
      }
    }
    return items
      .filter((item) => item.shares.length >= 2)
      .map((item) => {
        const percents = item.shares.map((s) => ({ profession: s.profession, percent: Math.round(100 * s.agree) }));
        const direction = item.shares.every((s) => 100 * s.agree >= AGREE_SHARE)
          ? ('agree' as const)
          : item.shares.every((s) => 100 * s.disagree >= AGREE_SHARE)
            ? ('disagree' as const)
            : ('mixed' as const);
        const values = percents.map((p) => p.percent);
        return {
          pollId: poll.id,
          text: item.text,
          direction,
          shares: percents.sort((a, b) => b.percent - a.percent || a.profession.localeCompare(b.profession)),
          spread: Math.max(...values) - Math.min(...values),
        };
      });
  }
}
