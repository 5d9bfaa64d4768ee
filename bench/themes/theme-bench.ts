import { performance } from 'node:perf_hooks';
import { winkAnalyser } from '../../src/adapters/nlp/wink-analyser';
import { priorityWords } from '../../src/application/digest/compute-digest';
import { PriorityMatcher } from '../../src/domain/priority-matcher';
import { findThemes, type ThemeSummary } from '../../src/domain/themes';
import { CONTENT } from '../../test/support/poll-fixtures';
import { type LabelledSet, loadLabelledSet, type Scores, score } from '../../test/support/theme-evaluation';
import { report } from '../harness';
import { echoOf, findThemes as legacyFindThemes } from './legacy/themes';
import { legacyWinkAnalyser } from './legacy/wink-analyser';

/** K as the bot runs by default (MIN_RESPONDENTS). */
const K = 5;
/** About how many open answers the 1M-response week's digest reads for its themes (THEME_SAMPLE). */
const WEEK_SAMPLE = 20_000;

interface Finder {
  readonly themes: (answers: readonly { text: string; priorityId?: string; quotable: boolean }[]) => ThemeSummary;
  readonly echo: (text: string, chosen?: string) => string | undefined;
}

/** The current finder, as the digest runs it: the seed's priorities and what they cover. */
export function currentFinder(): Finder {
  const analyser = winkAnalyser();
  const words = priorityWords({ analyser, catalog: CONTENT.catalog });
  const priorities = CONTENT.catalog.priorities.map((p) => words.get(p.id)!);
  const matcher = new PriorityMatcher(priorities);
  return {
    themes: (answers) => findThemes(answers, (text) => analyser.analyse(text), priorities, K),
    echo: (text, chosen) => matcher.echo(analyser.analyse(text).words, chosen),
  };
}

/** The finder before #29 (bench/themes/legacy), with the priorities' title and description as it read them. */
function legacyFinder(): Finder {
  const analyser = legacyWinkAnalyser();
  const priorities = CONTENT.catalog.priorities.map((p) => ({ id: p.id, lemmas: new Set(analyser.analyse(`${p.title}. ${p.description}`).lemmas) }));
  return {
    themes: (answers) => legacyFindThemes(answers, (text) => analyser.analyse(text), priorities, K),
    echo: (text, chosen) => echoOf(analyser.analyse(text).lemmas, chosen, priorities),
  };
}

function asWeek(set: LabelledSet) {
  return set.answers.map((a) => ({ text: a.text, quotable: true, ...(a.chose ? { priorityId: a.chose } : {}) }));
}

/** The labelled set read as one week by a finder, scored. */
export function scoreFinder(finder: Finder, set: LabelledSet = loadLabelledSet()): Scores {
  const summary = finder.themes(asWeek(set));
  return score(
    set,
    summary.themes,
    set.answers.map((a) => finder.echo(a.text, a.chose)),
    K,
  );
}

/** Seconds to find the themes of `count` answers (the labelled set over and over), after a warm-up. */
function timeOver(finder: Finder, set: LabelledSet, count: number): number {
  const week = asWeek(set);
  finder.themes(week);
  const answers = Array.from({ length: count }, (_, i) => week[i % week.length]!);
  const started = performance.now();
  finder.themes(answers);
  return (performance.now() - started) / 1000;
}

/**
 * Theme recall, theme precision and priority mapping against the labelled set, for the finder
 * before #29 (the baseline) and the current one, in one run; then the time each takes over the
 * open answers the 1M-response week's digest reads.
 */
export function themesBench(): void {
  const set = loadLabelledSet();
  const legacy = legacyFinder();
  const current = currentFinder();
  const before = scoreFinder(legacy, set);
  const after = scoreFinder(current, set);
  const common = { answers: set.answers.length, codebook_themes: set.themes.length, k: K, goal: 0.8 };
  report({
    bench: 'theme_recall',
    value: after.recall,
    unit: 'share',
    baseline: before.recall,
    ...common,
    missed: after.missed,
    baseline_missed: before.missed,
  });
  report({
    bench: 'theme_precision',
    value: after.precision,
    unit: 'share',
    baseline: before.precision,
    ...common,
    shown: after.shown,
    baseline_shown: before.shown,
  });
  report({
    bench: 'theme_priority_mapping',
    value: after.mapping,
    unit: 'share',
    baseline: before.mapping,
    ...common,
    themes_named: after.named,
    baseline_themes_named: before.named,
    note: 'of the shown themes that name a codebook theme, the share mapped to its priority',
  });
  report({
    bench: 'answer_priority_mapping',
    value: after.answerMapping,
    unit: 'share',
    baseline: before.answerMapping,
    answers: set.answers.length,
    k: K,
    note: 'each answer’s echo against the priority it was labelled with (none where none is meant)',
  });
  const legacySeconds = timeOver(legacy, set, WEEK_SAMPLE);
  const currentSeconds = timeOver(current, set, WEEK_SAMPLE);
  report({
    bench: 'themes_1m_week',
    value: Math.round(currentSeconds * 100) / 100,
    unit: 's',
    baseline: Math.round(legacySeconds * 100) / 100,
    answers: WEEK_SAMPLE,
    note: 'finding the themes of the ~20,000 open answers the 1M-response week’s digest reads (the labelled set over and over), the finder before #29 as baseline; digest_1m_responses times the whole digest',
  });
}
