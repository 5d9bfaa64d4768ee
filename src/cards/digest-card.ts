import type { DigestPresenter } from '../application/ports/digest-presenter';
import type { Digest, DigestPoll, Statement } from '../domain/digest/model';
import { weekLabel } from '../domain/digest/week';
import { type Cell, reasonOf } from '../domain/suppression';
import { formatUkDate, formatUkTime } from '../domain/uk-time';
import type { CardRenderer } from './card-renderer';
import { insightsView, trendLines, weekShort } from './digest-insights';

/** Teams recommends cards under 80 KB; the digest keeps a margin under it. */
export const DIGEST_MAX_BYTES = 78 * 1024;
/** Polls drawn in full before "and N more". */
export const DIGEST_MAX_POLLS = 10;

const KIND_NAMES: Record<DigestPoll['kind'], string> = {
  single: 'Single choice',
  multi: 'Multiple choice',
  agreement: 'Agreement',
  rating: 'Rating',
  rank: 'Ranking',
  open: 'Open question',
};

const n = (value: number) => value.toLocaleString('en-GB');

/** The digest card, from a digest's (already suppressed) figures: charts with a FactSet fallback, trimmed to fit. */
export function digestPresenter(cards: CardRenderer): DigestPresenter {
  return {
    digestCard(digest, heading) {
      let shown = Math.min(DIGEST_MAX_POLLS, digest.polls.length);
      for (;;) {
        const card = cards.render('digest', digestView(digest, heading, shown));
        if (Buffer.byteLength(JSON.stringify(card), 'utf8') <= DIGEST_MAX_BYTES || shown === 0) return card;
        shown = Math.max(0, Math.floor(shown * 0.7));
      }
    },
    trendCard(view) {
      const { lines } = trendLines({ weeks: view.weeks.map((w) => w.weekId), series: [{ id: '', title: view.title, points: view.points }] });
      return cards.render('trend', {
        title: `${view.title}: support week by week`,
        subtitle: `Raised by ${view.raisedBy.map((r) => (r === 'ahps' ? 'AHPs' : r)).join(' and ')} · weeks of ${weekShort(view.weeks[0]!.weekId)} to ${weekShort(view.weeks.at(-1)!.weekId)}`,
        lines,
        rows: view.weeks.map((w) => ({ title: `Week of ${weekShort(w.weekId)}`, value: w.value })),
        note: `Each week’s figure is the one its weekly digest published: support 0 to 100, as the digest ranks the priorities, suppressed where fewer than ${view.minRespondents} people gave it. The weekly digest charts the leading priorities over its last ${view.shownWeeks} weeks.`,
      });
    },
    noticeCard(title, lines, links = []) {
      return cards.render('list', {
        title,
        lines: lines.map((text) => ({ text })),
        links: links.map((l) => ({ title: l.title, url: l.url })),
      });
    },
  };
}

export function digestView(digest: Digest, heading: { title: string; note?: string }, pollsShown: number) {
  const k = digest.minRespondents;
  // The true reason, in words: too few people, or hidden so that another hidden figure stays hidden.
  const hidden = `suppressed (fewer than ${k})`;
  const withheld = 'hidden so that another figure cannot be worked out';
  const why = (cell: Cell) => (reasonOf(cell) === 'derivable' ? withheld : hidden);
  const show = (cell: Cell, format: (v: number) => string = n) => ('value' in cell ? format(cell.value) : why(cell));
  const signed = (cell: Cell) =>
    'value' in cell ? (cell.value === 0 ? 'no change' : cell.value > 0 ? `up ${n(cell.value)}` : `down ${n(-cell.value)}`) : 'change suppressed';
  const p = digest.participation;

  const polls = digest.polls.slice(0, pollsShown).map((poll) => {
    const figure = (row: DigestPoll['rows'][number]) =>
      'value' in row.value
        ? poll.measure === 'people'
          ? `${n(row.value.value)}${row.percent && 'value' in row.percent ? ` (${row.percent.value}%)` : ''}`
          : poll.measure === 'mean rating'
            ? `${row.value.value.toFixed(1)} of 5`
            : `${n(row.value.value)} points`
        : why(row.value);
    const visible = poll.rows.filter((r) => 'value' in r.value);
    const small = poll.rows.filter((r) => reasonOf(r.value) === 'small').map((r) => r.label);
    const derivable = poll.rows.filter((r) => reasonOf(r.value) === 'derivable').map((r) => r.label);
    const open = poll.status === 'open';
    return {
      question: poll.question,
      meta: open
        ? `${KIND_NAMES[poll.kind]} · open until ${formatUkDate(poll.closesAt)}`
        : `${KIND_NAMES[poll.kind]} · ${show(poll.respondents)} people · ${show(poll.responses)} answers, counting changes · closed ${formatUkDate(poll.closesAt)}`,
      chartTitle:
        poll.measure === 'people'
          ? 'People'
          : poll.measure === 'mean rating'
            ? 'Mean rating (1 to 5)'
            : 'Points (3 for a first place, 2 for a second, 1 for a third)',
      // Bars to see: an empty row is in the figures below, and a chart of only empty bars is not drawn.
      bars: visible.filter((r) => 'value' in r.value && r.value.value > 0).map((r) => ({ x: r.label, y: 'value' in r.value ? r.value.value : 0 })),
      rows: poll.rows.map((r) => ({ label: r.label, figure: figure(r) })),
      hiddenText: open
        ? 'Results once it closes: a digest shows only final figures, so no one’s answer can be read from the change between two digests.'
        : poll.rows.length === 0
          ? `Results suppressed: fewer than ${k} people answered.`
          : [
              small.length > 0 ? `Not shown, fewer than ${k} people: ${small.join('; ')}.` : '',
              derivable.length > 0 ? `Hidden so that a figure under ${k} cannot be worked out from the total: ${derivable.join('; ')}.` : '',
            ]
              .filter(Boolean)
              .join(' '),
    };
  });
  const more = digest.polls.length - pollsShown;

  const statement = (s: Statement) => {
    const shares = s.shares.map((x) => `${x.profession} ${x.percent}%`).join(', ');
    const statement = /[.!?]$/.test(s.text) ? s.text : `${s.text}.`;
    if (s.direction === 'mixed') return { text: `${statement} Agreement ranges from ${s.shares[0]!.percent}% to ${s.shares.at(-1)!.percent}% (${shares}).` };
    const way = s.direction === 'agree' ? 'agree' : 'disagree';
    const all = s.shares.length === 2 ? 'Both' : `All ${s.shares.length}`;
    return { text: `${statement} ${all} professions shown ${way} (${shares} agree).` };
  };

  const supported = digest.priorities.filter((x) => 'value' in x.support);
  const themes = digest.themes;
  return {
    ...insightsView(digest, (cell) => show(cell)),
    title: heading.title,
    subtitle: `Week of ${weekLabel(digest.week)} (UK time) · figures as at ${formatUkTime(digest.computedAt)}`,
    note: heading.note ?? '',
    participation: {
      summary:
        'value' in p.responses
          ? `${n(p.responses.value)} people answered this week (in polls closed so far), ${signed(p.change)} on the week before (${show(p.previous)}).`
          : `Fewer than ${k} people answered this week: participation is suppressed.`,
      rows: p.byProfession.map((row) => ({
        title: row.title,
        value: 'value' in row.responses ? `${n(row.responses.value)} (${signed(row.change)})` : why(row.responses),
      })),
    },
    polls,
    morePolls: more > 0 ? `… and ${more} more poll${more === 1 ? '' : 's'}. Export the week ("export week ${digest.week.id}") for all of them.` : '',
    priorities: {
      bars: supported.filter((x) => 'value' in x.support && x.support.value > 0).map((x) => ({ x: x.title, y: 'value' in x.support ? x.support.value : 0 })),
      rows: digest.priorities.map((x) => ({
        label: x.title,
        figure:
          'value' in x.support
            ? `${x.support.value} (${x.polls} poll${x.polls === 1 ? '' : 's'})`
            : x.asked === 0
              ? 'not asked about this week'
              : why(x.support),
      })),
      note:
        supported.length === 0
          ? digest.priorities.some((x) => reasonOf(x.support) === 'derivable')
            ? `No priority's support can be shown this week: each rests on a figure hidden so that a figure under ${k} cannot be worked out.`
            : `No priority was asked about by ${k} or more people this week.`
          : 'Support is the share who backed a priority in each poll that asked about it (agreed, picked it, put it in their top three, or rated it, scaled 0 to 100), averaged over those polls by the number of answers.',
    },
    agree: digest.agree.length > 0 ? digest.agree.map(statement) : [{ text: 'No statement had every profession with enough answers 60% or more one way.' }],
    differ: digest.differ.length > 0 ? digest.differ.map(statement) : [{ text: `Too few answers by profession to compare (each needs ${k} or more).` }],
    themes: {
      summary:
        'value' in themes.openAnswers
          ? themes.themes.length > 0
            ? `${n(themes.openAnswers.value)} open answers.${themes.sampled !== undefined ? ` Themes from an even random sample of ${n(themes.sampled)} of them.` : ''} The themes mentioned by ${k} or more answers${themes.sampled !== undefined ? ' in the sample' : ''}${themes.hidden > 0 ? ` (${n(themes.hidden)} smaller themes not shown)` : ''}:`
            : `${n(themes.openAnswers.value)} open answers; no theme was mentioned by ${k} or more${themes.sampled !== undefined ? ` in an even random sample of ${n(themes.sampled)} of them` : ''}.`
          : `Fewer than ${k} open answers this week: themes are suppressed.`,
      rows: themes.themes.map((t) => ({
        title: t.phrases.length > 0 ? `${t.label} (also ${t.phrases.join(', ')})` : t.label,
        value: `${n(t.answers)} answers · ${t.priorityTitle ?? 'no clear priority'}`,
      })),
      quotes: themes.quotes.map((q) => ({ text: `“${q}”` })),
    },
    footnote:
      `Figures from fewer than ${k} people are suppressed, and so is any figure that could be worked out from a total and the others. ` +
      'A poll’s figures appear once it has closed. Participation counts people, each once however many polls they answered. A profession is compared only when it has enough answers and leaves enough others. Theme phrases need as many answers, from polls that allow quotes; quotes come only from those polls, and never with a name.',
  };
}
