import type { PollPresenter, PollView } from '../application/ports/poll-presenter';
import { type AnswerValue, describeAnswer, INPUTS } from '../domain/answer';
import { activePriorities, type Catalog } from '../domain/catalog';
import { AGREEMENT_LEVELS, isOpenAt, OPEN_TEXT_MAX, type Poll, RANK_PLACES, RATING_MAX, RATING_MIN } from '../domain/poll';
import type { PollResults } from '../domain/result-rows';
import { formatUkTime } from '../domain/uk-time';
import type { AdaptiveCardJson, CardRenderer } from './card-renderer';
import { DrawnCards } from './drawn-cards';
import { escapeMarkdown } from './escape';
import { VERBS } from './verbs';

/**
 * Draws poll views as Adaptive Cards: the frame (poll-frame.json) with its form and results
 * slots filled from form-*.json and results.json. Every kind has its own form and its own
 * results view; the shared card and a person's own view differ only in what the view holds.
 */

const KIND_LABEL: Record<Poll['kind'], string> = {
  single: 'Pulse poll',
  multi: 'Pulse poll',
  agreement: 'Agree or disagree',
  rating: 'Rate the priorities',
  rank: 'Rank the priorities',
  open: 'Prompt',
};

const BAR_WIDTH = 10;
const bar = (fraction: number) => '█'.repeat(Math.round(Math.max(0, Math.min(1, fraction)) * BAR_WIDTH)).padEnd(BAR_WIDTH, '░');

type Body = readonly unknown[];

export function pollPresenter(cards: CardRenderer): PollPresenter {
  const drawn = new DrawnCards();
  const frame = (view: PollView, personal: boolean): AdaptiveCardJson => {
    const open = isOpenAt(view.poll, view.now);
    // Everything the card shows but its status line: the very poll, catalog and results objects
    // (a poll read again or results recounted draw afresh), and the viewer's part.
    const key = [
      drawn.idOf(view.poll),
      drawn.idOf(view.catalog),
      drawn.idOf(view.results),
      personal,
      open,
      view.canManage,
      JSON.stringify([view.notice ?? null, view.resultsNote ?? null, personal ? (view.mine?.answer ?? null) : null]),
    ].join('|');
    return drawn.card(key, (statusText) => draw(view, personal, open, statusText), escapeMarkdown(statusLine(view, open)));
  };
  const draw = (view: PollView, personal: boolean, open: boolean, statusText: string): AdaptiveCardJson => {
    const { poll } = view;
    const about = poll.kind === 'agreement' || poll.kind === 'open' || poll.aboutPriorityId ? aboutText(poll, view.catalog) : '';
    const card = cards.render('poll-frame', {
      pollId: poll.id,
      label: `${KIND_LABEL[poll.kind]} · ${poll.anonymous ? 'Anonymous' : 'Named'}`,
      question: poll.question,
      about,
      privacy: poll.anonymous
        ? 'Anonymous: your name and Teams identity are not stored with your answer.'
        : `Named: your name is stored with your answer, and ${poll.author.name || 'the author'} can see it.`,
      notice: view.notice?.text ?? '',
      noticeStyle: view.notice?.tone === 'attention' ? 'attention' : 'good',
      mine: personal && view.mine ? describeAnswer(poll, view.mine.answer) : '',
      viewTitle: personal ? 'Refresh' : open ? 'My answer and results' : 'Results',
      canClose: personal && open && view.canManage,
      // The author's own view offers a new poll like this one, in the poll form.
      canDuplicate: personal && view.canManage,
    });
    // Rendered cards are shared (and frozen): the slots are filled in a new body. The status
    // line (how many have answered) changes with every answer, so it is filled here rather than
    // in the template (drawn-cards.ts gives each answer its own).
    const slots: Record<string, () => object> = {
      form: () => ({ items: open ? formBody(cards, view, personal) : [] }),
      results: () => ({ items: resultsBody(cards, view, open) }),
      status: () => ({ text: statusText }),
    };
    const body = (card.body as { id?: string }[]).map((element) => {
      const fill = element.id ? slots[element.id] : undefined;
      return fill ? { ...element, ...fill() } : element;
    });
    const filled = { ...card, body };
    return personal ? filled : { ...filled, refresh: { action: refreshAction(poll.id), userIds: [] } };
  };

  return {
    sharedCard: (view) => frame(view, false),
    personalCard: (view) => frame(view, true),
    notice: (title, message, reference) => cards.render('notice', { title, message, reference: reference ?? '' }),
    profileCard: (catalog, current, notice) =>
      cards.render('profile', {
        professions: catalog.professions.map((p) => ({ id: p.id, title: p.title })),
        current: current ?? '',
        notice: notice ?? '',
      }),
    templatesCard: (templates, priorityIds, notice) =>
      cards.render('templates', {
        templates: templates.map((t) => ({ id: t.id, question: t.question })),
        notice: notice ?? '',
        priorityIds: priorityIds.join(', '),
      }),
    myPollsCard: (rows) =>
      cards.render('my-polls', {
        intro: `Your ${rows.length} newest poll${rows.length === 1 ? '' : 's'}. Status shows where each went; Recall takes down what was posted; Duplicate opens the form filled from it.`,
        rows: rows.map((row) => ({ ...row, stateLabel: { open: 'Open', scheduled: 'Scheduled', closed: 'Closed' }[row.state], facts: [...row.facts] })),
      }),
  };
}

function refreshAction(pollId: string) {
  return { type: 'Action.Execute', title: 'Refresh', verb: VERBS.viewPoll, data: { pollId } };
}

function aboutText(poll: Poll, catalog: Catalog): string {
  const titles = (poll.aboutPriorityId ? [poll.aboutPriorityId] : poll.priorityIds).map((id) => catalog.priorities.find((p) => p.id === id)?.title ?? id);
  return titles.length > 0 ? `About: ${titles.join(', ')}` : '';
}

function statusLine(view: PollView, open: boolean): string {
  const answers = `${view.respondents} ${view.respondents === 1 ? 'answer' : 'answers'}`;
  const { poll } = view;
  return open
    ? `${answers} · Closes on ${formatUkTime(poll.closesAt)} · You can change your answer until then.`
    : `${answers} · Closed on ${formatUkTime(poll.closedAt ?? poll.closesAt)}`;
}

function formBody(cards: CardRenderer, view: PollView, personal: boolean): Body {
  const { poll } = view;
  const mine: AnswerValue | undefined = personal ? view.mine?.answer : undefined;
  const taps = (hint: string, choices: { id: string; label: string }[], selected: string | undefined) =>
    cards.render('form-choice-taps', {
      pollId: poll.id,
      hint,
      choices: choices.map((c) => ({
        id: c.id,
        label: c.label,
        title: c.label,
        mark: c.id === selected ? '◉' : '○',
        // Said in words too, not only by the glyph and the colour (WCAG 1.4.1).
        chosen: c.id === selected ? ' (your answer)' : '',
        style: c.id === selected ? 'accent' : 'emphasis',
      })),
    }).body as Body;
  const inputs = (hint: string, submitTitle: string, choiceSets: unknown[], texts: unknown[] = []) =>
    cards.render('form-inputs', { pollId: poll.id, hint, submitTitle: submitTitle, choiceSets, texts }).body as Body;
  const choiceSet = (id: string, label: string, choices: { title: string; value: string }[], value: string, extra: Partial<Record<string, unknown>> = {}) => ({
    id,
    label: label,
    choices: choices.map((c) => ({ title: c.title, value: c.value })),
    value: value,
    multi: false,
    style: 'compact',
    required: true,
    errorMessage: `Please choose: ${label}.`,
    placeholder: 'Choose…',
    ...extra,
  });
  const options = poll.options.map((o) => ({ title: o.label, value: o.id }));
  const again = mine ? 'Change your answer' : 'Send answer';

  switch (poll.kind) {
    case 'single':
      return taps('Tap one to answer.', [...poll.options], mine?.kind === 'single' ? mine.optionId : undefined);
    case 'agreement':
      return taps(
        'Tap one to answer.',
        AGREEMENT_LEVELS.map((l) => ({ id: l.id, label: l.label })),
        mine?.kind === 'agreement' ? mine.level : undefined,
      );
    case 'multi':
      return inputs(`Choose up to ${poll.maxPicks ?? poll.options.length}.`, again, [
        choiceSet(
          INPUTS.choices,
          `Your choices (up to ${poll.maxPicks ?? poll.options.length})`,
          options,
          mine?.kind === 'multi' ? mine.optionIds.join(',') : '',
          {
            multi: true,
            style: 'expanded',
          },
        ),
      ]);
    case 'rating': {
      const scale = Array.from({ length: RATING_MAX - RATING_MIN + 1 }, (_, i) => {
        const n = RATING_MIN + i;
        return { title: n === RATING_MIN ? `${n} (not important)` : n === RATING_MAX ? `${n} (very important)` : String(n), value: String(n) };
      });
      return inputs(
        `Rate each from ${RATING_MIN} to ${RATING_MAX}.`,
        again,
        poll.options.map((o) => choiceSet(`${INPUTS.ratingPrefix}${o.id}`, o.label, scale, mine?.kind === 'rating' ? String(mine.ratings[o.id] ?? '') : '')),
      );
    }
    case 'rank':
      return inputs(
        `Choose ${RANK_PLACES} different priorities, most important first.`,
        again,
        Array.from({ length: RANK_PLACES }, (_, i) =>
          choiceSet(
            `${INPUTS.rankPrefix}${i + 1}`,
            ['First choice', 'Second choice', 'Third choice'][i] ?? `Choice ${i + 1}`,
            options,
            mine?.kind === 'rank' ? (mine.ranked[i] ?? '') : '',
          ),
        ),
      );
    case 'open':
      return inputs(
        `Write up to ${OPEN_TEXT_MAX.toLocaleString('en-GB')} characters.${poll.allowQuotes ? ' A short quote may appear in the weekly digest, never with your name.' : ''}`,
        again,
        [
          choiceSet(
            INPUTS.priority,
            'Which draft priority is this about? (optional)',
            activePriorities(view.catalog).map((p) => ({ title: p.title, value: p.id })),
            mine?.kind === 'open' ? (mine.priorityId ?? '') : '',
            { required: false, errorMessage: '' },
          ),
        ],
        [
          {
            id: INPUTS.text,
            label: 'Your answer',
            maxLength: OPEN_TEXT_MAX,
            value: mine?.kind === 'open' ? mine.text : '',
            errorMessage: 'Please write your answer.',
            placeholder: 'Your answer',
          },
        ],
      );
  }
}

function resultsBody(cards: CardRenderer, view: PollView, open: boolean): Body {
  if (!view.results) return view.resultsNote ? (cards.render('results', { heading: 'Results', rows: [], footnote: view.resultsNote }).body as Body) : [];
  const heading = `${open ? 'Results so far' : 'Final results'} (${view.results.respondents} ${view.results.respondents === 1 ? 'person' : 'people'})`;
  const rows = resultRows(view.results);
  // A note beside figures (an anonymous poll's move in steps) goes before the table's own footnote.
  const footnote = view.resultsNote ? `${view.resultsNote} ${rows.footnote}` : rows.footnote;
  return cards.render('results', { heading, ...rows, footnote }).body as Body;
}

function resultRows(results: PollResults): { rows: { label: string; bar: string; figure: string }[]; footnote: string } {
  switch (results.kind) {
    case 'counts':
      return {
        rows: results.rows.map((r) => ({ label: r.label, bar: bar(r.percent / 100), figure: `${r.count} (${r.percent}%)` })),
        footnote: 'Percentages are of the people who answered.',
      };
    case 'rating':
      return {
        rows: results.rows.map((r) => ({ label: r.label, bar: bar(r.mean / RATING_MAX), figure: `${r.mean.toFixed(1)} / ${RATING_MAX}` })),
        footnote: `Average importance, from ${RATING_MIN} to ${RATING_MAX}.`,
      };
    case 'rank': {
      const top = Math.max(1, ...results.rows.map((r) => r.points));
      return {
        rows: results.rows.map((r) => ({ label: r.label, bar: bar(r.points / top), figure: `${r.points} pts` })),
        footnote: '3 points for a first choice, 2 for a second, 1 for a third.',
      };
    }
    case 'open':
      return {
        rows: results.rows.map((r) => ({ label: r.label, bar: bar(r.percent / 100), figure: String(r.count) })),
        footnote: 'Answers by the priority people chose. The themes of what people wrote go in the weekly digest.',
      };
  }
}
