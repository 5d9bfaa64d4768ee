import { AGREEMENT_LEVELS, type AgreementLevel, OPEN_TEXT_MAX, type Poll, RANK_PLACES, RATING_MAX, RATING_MIN } from './poll';

/**
 * What a person answered, checked against the poll. A card's data is untrusted: every way it
 * can be wrong gets its own short message for the person, and nothing is stored.
 */

export type AnswerValue =
  | { readonly kind: 'single'; readonly optionId: string }
  | { readonly kind: 'multi'; readonly optionIds: readonly string[] }
  | { readonly kind: 'agreement'; readonly level: AgreementLevel }
  | { readonly kind: 'rating'; readonly ratings: Readonly<Record<string, number>> }
  | { readonly kind: 'rank'; readonly ranked: readonly string[] }
  | { readonly kind: 'open'; readonly text: string; readonly priorityId?: string };

export type ParsedAnswer = { readonly ok: true; readonly value: AnswerValue } | { readonly ok: false; readonly problem: string };

/** Names of the card inputs, shared with the card views. */
export const INPUTS = {
  choice: 'choice',
  choices: 'choices',
  level: 'choice',
  ratingPrefix: 'rate_',
  rankPrefix: 'rank',
  text: 'text',
  priority: 'priority',
} as const;

const fail = (problem: string): ParsedAnswer => ({ ok: false, problem });

function stringField(data: Readonly<Record<string, unknown>>, key: string): string | undefined | null {
  const value = data[key];
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value.trim() : null; // null: present but the wrong type
}

export function parseAnswer(poll: Poll, data: Readonly<Record<string, unknown>>, knownPriorityIds: readonly string[]): ParsedAnswer {
  const optionIds = new Set(poll.options.map((o) => o.id));
  switch (poll.kind) {
    case 'single': {
      const choice = stringField(data, INPUTS.choice);
      if (choice === null) return fail('That answer was not in a form I understand. Please choose again.');
      if (!choice) return fail('Please choose one option.');
      if (!optionIds.has(choice)) return fail('That option is not part of this poll. Please choose again.');
      return { ok: true, value: { kind: 'single', optionId: choice } };
    }
    case 'multi': {
      // Teams sends a multi-select's values as one comma-separated string, and nothing else.
      const raw = data[INPUTS.choices];
      const picks =
        typeof raw === 'string'
          ? raw
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : raw == null
            ? []
            : null;
      if (picks === null) return fail('That answer was not in a form I understand. Please choose again.');
      if (picks.length === 0) return fail('Please choose at least one option.');
      if (new Set(picks).size !== picks.length) return fail('Each option can be chosen once.');
      if (!picks.every((p) => optionIds.has(p))) return fail('One of those options is not part of this poll.');
      const max = poll.maxPicks ?? poll.options.length;
      if (picks.length > max) return fail(`Please choose at most ${max}; you chose ${picks.length}.`);
      return { ok: true, value: { kind: 'multi', optionIds: poll.options.map((o) => o.id).filter((id) => picks.includes(id)) } };
    }
    case 'agreement': {
      const level = stringField(data, INPUTS.level);
      if (level === null) return fail('That answer was not in a form I understand. Please choose again.');
      if (!level) return fail('Please choose how far you agree.');
      const known = AGREEMENT_LEVELS.find((l) => l.id === level);
      if (!known) return fail('That is not one of the answers on the scale. Please choose again.');
      return { ok: true, value: { kind: 'agreement', level: known.id } };
    }
    case 'rating': {
      const ratings: Record<string, number> = {};
      for (const option of poll.options) {
        // A rating is a choice on the card, so Teams sends it as a string ("4"), never a number.
        const raw = data[`${INPUTS.ratingPrefix}${option.id}`];
        if (raw === undefined || raw === null || raw === '') return fail(`Please rate every priority, including "${option.label}".`);
        if (typeof raw !== 'string') return fail('That answer was not in a form I understand. Please rate again.');
        const value = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
        if (!Number.isInteger(value) || value < RATING_MIN || value > RATING_MAX) {
          return fail(`Ratings go from ${RATING_MIN} to ${RATING_MAX}; "${option.label}" was not.`);
        }
        ratings[option.id] = value;
      }
      return { ok: true, value: { kind: 'rating', ratings } };
    }
    case 'rank': {
      const ranked: string[] = [];
      for (let place = 1; place <= RANK_PLACES; place++) {
        const pick = stringField(data, `${INPUTS.rankPrefix}${place}`);
        if (pick === null) return fail('That answer was not in a form I understand. Please choose again.');
        if (!pick) return fail(`Please choose your top ${RANK_PLACES}, in order: place ${place} is empty.`);
        if (!optionIds.has(pick)) return fail(`Your choice for place ${place} is not part of this poll.`);
        if (ranked.includes(pick)) return fail('Each priority can appear once in your top three.');
        ranked.push(pick);
      }
      return { ok: true, value: { kind: 'rank', ranked } };
    }
    case 'open': {
      const text = stringField(data, INPUTS.text);
      if (text === null) return fail('That answer was not in a form I understand. Please write it again.');
      if (!text) return fail('Please write your answer before sending it.');
      if (text.length > OPEN_TEXT_MAX) return fail(`Please keep your answer to ${OPEN_TEXT_MAX} characters; it has ${text.length}.`);
      const priorityId = stringField(data, INPUTS.priority);
      if (priorityId === null || (priorityId && !knownPriorityIds.includes(priorityId))) {
        return fail('That priority is not one of the draft priorities. Please choose again or leave it empty.');
      }
      return { ok: true, value: priorityId ? { kind: 'open', text, priorityId } : { kind: 'open', text } };
    }
  }
}

/** The person's own answer in words, for "Your answer: …". */
export function describeAnswer(poll: Poll, value: AnswerValue): string {
  const label = (id: string) => poll.options.find((o) => o.id === id)?.label ?? id;
  switch (value.kind) {
    case 'single':
      return label(value.optionId);
    case 'multi':
      return value.optionIds.map(label).join('; ');
    case 'agreement':
      return AGREEMENT_LEVELS.find((l) => l.id === value.level)?.label ?? value.level;
    case 'rating':
      return poll.options.map((o) => `${o.label}: ${value.ratings[o.id] ?? '-'}`).join('; ');
    case 'rank':
      return value.ranked.map((id, i) => `${i + 1}. ${label(id)}`).join('; ');
    case 'open':
      return value.text.length > 140 ? `${value.text.slice(0, 137)}…` : value.text;
  }
}

export function sameAnswer(a: AnswerValue, b: AnswerValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
