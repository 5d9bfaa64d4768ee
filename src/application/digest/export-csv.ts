import type { AnswerValue } from '../../domain/answer';
import { describeAnswer } from '../../domain/answer';
import { weekContaining } from '../../domain/digest/week';
import type { Poll } from '../../domain/poll';
import type { PollResponse } from '../../domain/response';
import { suppressedCells } from '../../domain/suppression';
import { isoDate, ukDate } from '../../domain/uk-time';

/**
 * The CSV of a responses export: its columns (with the data dictionary that explains them),
 * one response a line, and what an anonymous poll's lines leave out.
 */

export const EXPORT_COLUMNS: readonly (readonly [string, string, string])[] = [
  ['poll_id', 'The poll the answer belongs to.', 'An id such as p1a2b3c4d5.'],
  ['poll_question', 'The question as asked.', 'Text.'],
  ['poll_kind', 'The kind of poll.', 'single, multi, agreement, rating, rank or open.'],
  [
    'poll_anonymous',
    'Whether the poll was anonymous. Anonymous rows carry no name, no id, no day or time (only the week) and no count of changes, and a profession only where at least K people in the poll share it.',
    'true or false.',
  ],
  ['respondent_id', 'The Microsoft Entra object id of the person (named polls only).', 'A GUID; empty for anonymous polls.'],
  ['respondent_name', "The person's display name in Teams (named polls only).", 'Text; empty for anonymous polls.'],
  [
    'profession',
    'The allied health profession the person had declared when answering. In anonymous polls, only where at least K people in the poll share it (and not where the rest would give a smaller group away).',
    'An id from content/professions.json; empty if not declared, or withheld.',
  ],
  ['answered_on', 'The UK date of the latest answer (named polls only).', 'YYYY-MM-DD; empty for anonymous polls.'],
  ['answered_week', 'The UK week of the latest answer, by its Monday.', 'YYYY-MM-DD (a Monday).'],
  ['answered_at', 'The time of the latest answer (named polls only).', 'ISO 8601, UTC; empty for anonymous polls.'],
  ['changes', 'How many times the person changed their answer (named polls only).', 'A whole number, 0 if never; empty for anonymous polls.'],
  ['choice', 'Single choice: the option picked.', 'An option id (for priorities, the priority id).'],
  ['choices', 'Multiple choice: the options picked.', 'Option ids separated by semicolons.'],
  ['agreement', 'Agreement: the level chosen.', 'strongly-agree, agree, neutral, disagree, strongly-disagree or not-sure.'],
  ['ratings', 'Rating: each option rated.', 'option=rating pairs (1 to 5) separated by semicolons.'],
  ['rank_1', 'Ranking: the option put first.', 'An option id.'],
  ['rank_2', 'Ranking: the option put second.', 'An option id.'],
  ['rank_3', 'Ranking: the option put third.', 'An option id.'],
  [
    'answer_words',
    "The answer in the words the card showed: its options' labels (a poll in a lead's own words has option ids o1, o2, … of its own).",
    'Text; empty for open questions (see text).',
  ],
  [
    'text',
    'Open question: what the person wrote, as they wrote it. Even in an anonymous poll it can name its writer, or someone else (a name, a ward, a role held by one person): read it, and share it, with that in mind.',
    'Text, up to 1,000 characters.',
  ],
  ['text_priority', 'Open question: the draft priority the person tagged it with.', 'A priority id; empty if none.'],
];

/** One CSV field: quoted when needed, and never read by a spreadsheet as a formula. */
export function csvField(value: string): string {
  // A spreadsheet trims leading spaces (and non-breaking ones) before it looks for a formula.
  const safe = /^[\s\u00a0\u2000-\u200b\u3000\ufeff]*[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLine = (fields: readonly string[]) => `${fields.map(csvField).join(',')}\r\n`;

export function dictionaryCsv(): string {
  return csvLine(['column', 'meaning', 'values']) + EXPORT_COLUMNS.map((c) => csvLine(c)).join('');
}

function answerFields(value: AnswerValue): Record<string, string> {
  switch (value.kind) {
    case 'single':
      return { choice: value.optionId };
    case 'multi':
      return { choices: value.optionIds.join(';') };
    case 'agreement':
      return { agreement: value.level };
    case 'rating':
      return {
        ratings: Object.entries(value.ratings)
          .map(([id, r]) => `${id}=${r}`)
          .join(';'),
      };
    case 'rank':
      return { rank_1: value.ranked[0] ?? '', rank_2: value.ranked[1] ?? '', rank_3: value.ranked[2] ?? '' };
    case 'open':
      return { text: value.text, text_priority: value.priorityId ?? '' };
  }
}

/**
 * One response as a CSV line. `professionShown` says whether an anonymous poll's export may
 * show a profession (see professionsShown); named polls show every one.
 */
export function responseRow(poll: Poll, response: PollResponse, professionShown: (profession: string) => boolean = () => !poll.anonymous): string {
  const named = !poll.anonymous;
  const at = new Date(response.answeredAt);
  const profession = response.profession ?? '';
  const fields: Record<string, string> = {
    poll_id: poll.id,
    poll_question: poll.question,
    poll_kind: poll.kind,
    poll_anonymous: String(poll.anonymous),
    respondent_id: named ? (response.aadObjectId ?? '') : '',
    respondent_name: named ? (response.name ?? '') : '',
    profession: named || professionShown(profession) ? profession : '',
    answered_on: named ? isoDate(ukDate(at)) : '',
    answered_week: weekContaining(at).id,
    answered_at: named ? response.answeredAt : '',
    changes: named ? String(response.revision) : '',
    ...answerFields(response.value),
    answer_words: response.value.kind === 'open' ? '' : describeAnswer(poll, response.value),
  };
  return csvLine(EXPORT_COLUMNS.map(([name]) => fields[name] ?? ''));
}

/**
 * The professions an anonymous poll's export may show: those that K or more of its people
 * share, less any that the digest's complementary suppression hides so that a smaller group
 * (1 to K-1 people, "not stated" among them) cannot be worked out as the rest.
 */
export function professionsShown(counts: ReadonlyMap<string, number>, k: number): Set<string> {
  const ids = [...counts.keys()];
  const hidden = suppressedCells(
    ids.map((id) => counts.get(id)!),
    k,
    true,
  );
  return new Set(ids.filter((id, i) => !hidden[i] && id !== ''));
}
