import type { Catalog } from '../catalog';
import type { Poll } from '../poll';
import type { PriorityWords } from '../priority-matcher';
import type { PollResponse } from '../response';
import { Tally } from '../results';
import { cellOf } from '../suppression';
import { type AnalyseText, ThemeFinder } from '../themes';
import { type Digest, NOT_STATED, type PollState, type SupportSums, type WeekSupport } from './model';
import { type ParticipationCount, participationOf } from './participation';
import { pollFigures } from './polls';
import { prioritySupport, supportMeasures } from './priorities';
import { representationOf, reweightedSupport } from './representation';
import { agreeAndDiffer, statementsOf } from './statements';
import { priorityTrend } from './trend';
import { voicesOf } from './voices';
import type { DigestWeek } from './week';

/**
 * A week's digest: what AHPs said in the polls open that week, as figures that are safe to
 * publish. Responses are streamed through a DigestBuilder one at a time (a week may hold a
 * million), then `finish` applies the small-number rules and returns plain data, which is
 * what a publication stores and what the card is drawn from.
 */

/**
 * Whether a poll's figures may appear in a digest computed at `now`: only once it has closed,
 * and never for an author-only poll. A poll's figures are then final, so any two digests show
 * the same figures for it (or none): one person answering between two on-demand digests
 * changes neither, and the difference of the two gives nothing away. An open poll is listed,
 * with no figures, and its answers count nowhere else in the digest (participation, priorities,
 * agreement, themes) until it closes.
 */
export function resultsFinal(poll: Pick<Poll, 'status' | 'closedAt' | 'closesAt' | 'visibility'>, now: string): boolean {
  return poll.visibility !== 'author-only' && poll.status === 'closed' && (poll.closedAt ?? poll.closesAt) <= now;
}

/** Whether a response counts in the week: to a poll open in the week, first given before the week ended. */
export function pollInWeek(poll: Pick<Poll, 'createdAt' | 'closesAt' | 'closedAt'>, week: DigestWeek): boolean {
  const closed = poll.closedAt ?? poll.closesAt;
  return poll.createdAt < week.endsAt && closed > week.startsAt;
}

/**
 * Opens responses' sealed participant values (PollResponse.participantSeal), a batch at a time:
 * for each seal, a string that is the same for one person in every poll (held in memory only,
 * never stored), or undefined for a seal it cannot open. The key is the application's.
 */
export interface ParticipantOpener {
  open(seals: readonly string[]): readonly (string | undefined)[];
}

const SEAL_BATCH = 1_024;

/**
 * Participation only: how many people answered, by profession (last week's, for the change).
 * People, not answers: someone who answers five polls is one person, so a profession of one is
 * never counted as five.
 */
export class ParticipationCounter {
  /** Each person once, with the profession they gave (the last answer streamed wins). */
  private readonly people = new Map<string, string>();
  /** Responses with no seal the opener can open: one per person per poll, counted without keeping a key. */
  private readonly unkeyed = new Map<string, number>();
  /** Seals waiting to be opened in one batch, with their professions, in the order they came. */
  private pendingSeals: string[] = [];
  private pendingProfessions: string[] = [];

  /** `participants` opens responses' sealed participant values (see ParticipantOpener); without it, every response counts once. */
  constructor(
    protected readonly week: DigestWeek,
    private readonly participants?: ParticipantOpener,
  ) {}

  /** False when the response does not count in the week. */
  count(response: PollResponse): boolean {
    if (response.firstAnsweredAt >= this.week.endsAt) return false;
    const profession = response.profession ?? NOT_STATED;
    if (response.participantSeal && this.participants) {
      this.pendingSeals.push(response.participantSeal);
      this.pendingProfessions.push(profession);
      if (this.pendingSeals.length >= SEAL_BATCH) this.open();
    } else this.unkeyed.set(profession, (this.unkeyed.get(profession) ?? 0) + 1);
    return true;
  }

  private open(): void {
    if (this.pendingSeals.length === 0) return;
    const opened = this.participants!.open(this.pendingSeals);
    opened.forEach((participant, i) => {
      const profession = this.pendingProfessions[i]!;
      if (participant !== undefined) this.people.set(participant, profession);
      else this.unkeyed.set(profession, (this.unkeyed.get(profession) ?? 0) + 1);
    });
    this.pendingSeals = [];
    this.pendingProfessions = [];
  }

  counts(): ParticipationCount {
    this.open();
    const byProfession = new Map(this.unkeyed);
    for (const profession of this.people.values()) byProfession.set(profession, (byProfession.get(profession) ?? 0) + 1);
    let total = this.people.size;
    for (const n of this.unkeyed.values()) total += n;
    return { byProfession, total };
  }
}

/** The language side of a digest: how a text is read, and each priority's own words as the analyser's stems. */
export interface ThemeSettings {
  readonly analyse: AnalyseText;
  readonly priorityWords: ReadonlyMap<string, PriorityWords>;
  /**
   * The share of open answers read for themes (1: all). A week of many (200,000 in a national
   * poll) is read as an even random sample of about THEME_SAMPLE: the language library's work,
   * and the memory it churns, stay bounded, and a theme still needs K answers in the sample.
   */
  readonly sampleRate?: number;
}

/** About how many open answers a digest reads for its themes (computeDigest sets the rate). */
export const THEME_SAMPLE = 20_000;

/** A small seeded generator (mulberry32): the same seed (a week's id) gives the same sample every time. */
export function seededRandom(seed: string): () => number {
  let a = 0;
  for (const ch of seed) a = (Math.imul(a, 31) + ch.charCodeAt(0)) | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export class DigestBuilder extends ParticipationCounter {
  private readonly states = new Map<string, PollState>();
  private readonly themes: ThemeFinder;
  private readonly sampleRate: number;
  private readonly random: () => number;
  private openAnswers = 0;

  constructor(
    week: DigestWeek,
    private readonly catalog: Catalog,
    private readonly k: number,
    language: ThemeSettings,
    participants?: ParticipantOpener,
  ) {
    super(week, participants);
    const priorities = catalog.priorities.map((p) => language.priorityWords.get(p.id) ?? { id: p.id, words: new Map<string, number>() });
    this.themes = new ThemeFinder(language.analyse, priorities, k);
    this.sampleRate = Math.min(1, Math.max(0, language.sampleRate ?? 1));
    this.random = seededRandom(week.id);
  }

  /** A poll open in the week; `final` (see resultsFinal) says whether its answers count. Author-only polls are never added. */
  addPoll(poll: Poll, final: boolean): void {
    if (poll.visibility === 'author-only') return;
    const labels = new Map(this.catalog.priorities.map((p) => [p.id, p.title]));
    this.states.set(poll.id, { poll, tally: new Tally(poll, labels), byProfession: new Map(), submissions: 0, support: new Map(), final });
  }

  addResponse(response: PollResponse): void {
    const state = this.states.get(response.pollId);
    if (!state?.final || !this.count(response)) return;
    state.tally.add(response.value);
    state.submissions += 1 + response.revision;
    const profession = response.profession ?? NOT_STATED;
    supportMeasures(state.poll, response.value, (id, x) => {
      let byProfession = state.support.get(id);
      if (!byProfession) {
        byProfession = new Map();
        state.support.set(id, byProfession);
      }
      const sums = byProfession.get(profession);
      if (sums) {
        sums.x += x;
        sums.c += 1;
      } else byProfession.set(profession, { x, c: 1 });
    });
    if (state.poll.kind === 'agreement' || state.poll.kind === 'rating') {
      let t = state.byProfession.get(profession);
      if (!t) {
        t = new Tally(state.poll);
        state.byProfession.set(profession, t);
      }
      t.add(response.value);
    }
    if (response.value.kind === 'open') {
      const value = response.value;
      this.openAnswers += 1;
      if (this.sampleRate < 1 && this.random() >= this.sampleRate) return;
      this.themes.add({ text: value.text, ...(value.priorityId ? { priorityId: value.priorityId } : {}), quotable: state.poll.allowQuotes });
    }
  }

  finish(options: { previous: ParticipationCounter; computedAt: Date; past?: readonly WeekSupport[] }): Digest {
    const k = this.k;
    const states = [...this.states.values()].sort(
      (a, b) => b.tally.size - a.tally.size || a.poll.createdAt.localeCompare(b.poll.createdAt) || a.poll.id.localeCompare(b.poll.id),
    );
    const { agree, differ } = agreeAndDiffer(states.flatMap((s) => statementsOf(s, this.catalog, k)));
    const themes = this.themes.result();
    const { openAnswers } = this;
    const sampled = this.themes.answers;
    const priorityTitle = new Map(this.catalog.priorities.map((p) => [p.id, p.title]));
    const figures = states.map((s) => pollFigures(s, k));
    const counts = this.counts();
    const participation = participationOf(counts, options.previous.counts(), this.catalog, k);
    // The support measure's sums, per priority and profession, from exactly the polls and figures the support used.
    const sums: SupportSums = new Map();
    const priorities = prioritySupport(states, new Map(figures.map((f) => [f.id, f])), this.catalog, k, (pollId, priorityId) => {
      const byProfession = this.states.get(pollId)?.support.get(priorityId);
      if (!byProfession) return;
      let into = sums.get(priorityId);
      if (!into) {
        into = new Map();
        sums.set(priorityId, into);
      }
      for (const [profession, { x, c }] of byProfession) {
        const s = into.get(profession) ?? { x: 0, c: 0 };
        into.set(profession, { x: s.x + x, c: s.c + c });
      }
    });
    const openShown = 'value' in cellOf(openAnswers, openAnswers, k);
    return {
      week: this.week,
      computedAt: options.computedAt.toISOString(),
      minRespondents: k,
      polls: figures,
      participation,
      priorities,
      trend: priorityTrend(this.week, priorities, options.past ?? []),
      representation: representationOf(participation, this.catalog, k),
      reweighting: reweightedSupport(priorities, sums, counts.byProfession, this.catalog, k, participation),
      voices: voicesOf(priorities, this.themes.echoes, this.catalog, k, openShown),
      agree,
      differ,
      themes: {
        openAnswers: cellOf(openAnswers, openAnswers, k),
        ...(sampled < openAnswers ? { sampled } : {}),
        themes: themes.themes.map((t) => ({ ...t, ...(t.priorityId ? { priorityTitle: priorityTitle.get(t.priorityId) ?? t.priorityId } : {}) })),
        hidden: themes.hidden,
        quotes: themes.quotes,
      },
    };
  }
}
