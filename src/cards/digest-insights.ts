import type { Digest, PriorityTrend } from '../domain/digest/model';
import type { Cell } from '../domain/suppression';

/**
 * The digest card's three views no engagement tool gives: the priorities over time, who we are
 * not hearing from, and AHPs beside citizens. Drawn from the digest's (already suppressed)
 * figures; a digest published before these sections existed draws none of them.
 */

const SHORT_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' });
/** "16 Nov": a week by its Monday. */
export const weekShort = (weekId: string) => SHORT_DATE.format(new Date(`${weekId}T00:00:00Z`));

const signedChange = (change: number) => (change > 0 ? `up ${change}` : `down ${-change}`);

/** A Chart.Line's data and the same figures as text, for clients that cannot draw the chart (its fallback). */
export function trendLines(trend: Pick<PriorityTrend, 'weeks' | 'series'>) {
  return {
    lines: trend.series.map((s) => ({
      legend: s.title,
      values: s.points.flatMap((y, i) => (y === null ? [] : [{ x: weekShort(trend.weeks[i]!), y }])),
    })),
    // The same figures as text, for screen readers and clients that draw no charts.
    facts: trend.series.map((s) => ({
      title: s.title,
      value: s.points.flatMap((y, i) => (y === null ? [] : [`${weekShort(trend.weeks[i]!)}: ${y}`])).join(' · ') || 'no figure in these weeks',
    })),
  };
}

/** `show` is the digest card's own words for a figure, or for why it is hidden (digestView). */
export function insightsView(digest: Digest, show: (cell: Cell) => string) {
  const k = digest.minRespondents;
  const { trend, representation, reweighting, voices } = digest;

  const overTime = trend && {
    shown: true,
    chartTitle: `Support (0 to 100), weeks of ${weekShort(trend.weeks[0]!)} to ${weekShort(trend.weeks.at(-1)!)}`,
    ...trendLines(trend),
    movers:
      trend.series.length === 0
        ? 'No priority has a figure this week, so none is drawn against its past weeks (“trend <priority id>” shows one priority’s weeks).'
        : trend.movers.length > 0
          ? `Biggest movers: ${trend.movers.map((m) => `${m.title}, ${signedChange(m.change)} (${m.from} in the week of ${weekShort(m.sinceWeekId)}, ${m.to} now)`).join('; ')}.`
          : trend.series.some((s) => s.points.slice(0, -1).some((p) => p !== null))
            ? 'No priority’s support moved since its last week with a figure.'
            : 'No earlier week has figures yet: the trend starts as digests are published.',
    note: `A week’s figure is the one its digest published; a gap is a week with no figure (suppressed, not asked about, or no digest). “trend <priority id>” in a chat with the bot shows one priority’s weeks.`,
  };

  const heard = representation && {
    shown: true,
    summary: `Each profession’s share of this week’s respondents${representation.base === 'stated' ? ' who gave a profession' : ''}, against its share of the workforce.`,
    rows: representation.rows.map((r) => ({
      title: r.title,
      value: `${'value' in r.respondentShare ? `${r.respondentShare.value}% of respondents` : `share of respondents ${show(r.respondentShare)}`} · ${r.workforceShare}% of the workforce`,
    })),
    underHeard: !('value' in digest.participation.responses)
      ? `Fewer than ${k} people answered this week: who was heard is suppressed.`
      : representation.underHeard.length > 0
        ? `Heard least: ${representation.underHeard.map((u) => `${u.title} (${u.note})`).join('; ')}.`
        : 'No profession’s share of respondents shows below its share of the workforce.',
    sources: `Workforce: ${representation.sources.join('; ')}. Leads keep these figures in content/workforce.json.`,
  };

  const reweighted = reweighting && {
    shown: true,
    rows: reweighting.rows
      .filter((r) => 'value' in r.raw)
      .map((r) => ({
        title: r.title,
        value: `${show(r.raw)} as answered · ${show(r.reweighted)} reweighted (effective sample ${show(r.effectiveSize)})`,
      })),
    note:
      'Reweighted: each answer counts as much as its profession is of the workforce, over its share of this week’s respondents (post-stratification). The effective sample is what the weighted answers are worth as a simple sample; a reweighted figure worth fewer than ' +
      `${k} is suppressed. People who gave no profession are left out of it.` +
      (reweighting.pooled.length > 0
        ? ` Professions with fewer than ${k} respondents (${reweighting.pooled.join(', ')}) ${reweighting.poolLeftOut ? `were together still fewer than ${k}, so are left out` : 'are pooled as one group'}.`
        : ''),
  };

  const beside = voices && {
    shown: true,
    backing: voices.backing.map((b) => ({
      title: b.raisedBy === 'citizens' ? 'Priorities citizens raised' : 'Priorities AHPs raised',
      value:
        'value' in b.support ? `${b.support.value} average support (${b.shown} of ${b.raised} with figures)` : `no figures this week (${b.raised} priorities)`,
    })),
    echoed:
      voices.echoedMost.length > 0
        ? `This week’s open answers${digest.themes.sampled !== undefined ? ` (an even random sample of ${digest.themes.sampled.toLocaleString('en-GB')})` : ''} echo most: ${voices.echoedMost.map((e) => `${e.title} (${show(e.answers)} answers, raised by ${e.raisedBy.map((r) => (r === 'ahps' ? 'AHPs' : r)).join(' and ')})`).join('; ')}.`
        : `No priority was echoed by ${k} or more open answers.`,
    silent: voices.silentOn.length > 0 ? `Silent on (fewer than ${k} answers, or none): ${voices.silentOn.map((s) => s.title).join('; ')}.` : '',
    note: 'An open answer echoes the priority it chose, or else the one whose own words (title and description, compared as lemmas by the same language library as the themes) it shares most.',
  };

  return {
    overTime: overTime ?? { shown: false },
    heard: heard ?? { shown: false },
    reweighted: reweighted ?? { shown: false },
    beside: beside ?? { shown: false },
  };
}
