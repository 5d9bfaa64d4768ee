import type { AnswerValue } from '../../src/domain/answer';
import type { Catalog } from '../../src/domain/catalog';
import { AGREEMENT_LEVELS, type Poll } from '../../src/domain/poll';

/**
 * Answers a card as a Teams client does, from the card alone: it reads the inputs the card
 * shows (their own ids, labels and choices), fills them as a person would (by what they read,
 * never by an id), and sends the action's data merged with the input values, as Teams sends
 * them: every value a string, a multi-select ChoiceSet's values joined by commas, an input the
 * person left alone with the value the card gave it. Like a client, it refuses to send while a
 * required input is empty, and a button with associatedInputs "none" sends no inputs. A choice
 * the card does not offer, or an input or button it does not show, fails the test: a person
 * could not do that either.
 */

export interface CardInput {
  readonly id: string;
  readonly type: 'Input.ChoiceSet' | 'Input.Text' | 'Input.Number' | 'Input.Toggle' | 'Input.Date' | 'Input.Time';
  readonly label: string;
  readonly multi: boolean;
  readonly choices: readonly { readonly title: string; readonly value: string }[];
  /** The value the card gives it before anyone touches it. */
  readonly value: string;
  readonly required: boolean;
}

export interface CardButton {
  readonly title: string;
  readonly verb: string;
  readonly data: Record<string, unknown>;
  /** The Action.Submit a client without Universal Actions runs instead. */
  readonly fallbackData?: Record<string, unknown>;
  /** "none": the button sends no input values, and does not ask for required ones. */
  readonly associatedInputs: 'auto' | 'none';
}

/** What a person does with a card: fill inputs (by label), then press a button or tap a choice (by title). */
export interface Gesture {
  readonly fill?: Readonly<Record<string, string | readonly string[] | number>>;
  readonly press: string;
}

/** An action as the client sends it: Action.Execute (an invoke) or its Action.Submit fallback (a message's value). */
export interface ClientAction {
  readonly verb: string;
  /** Action.Execute: `value.action.data`. */
  readonly data: Record<string, unknown>;
  /** Action.Submit: the message's `value`. */
  readonly submitValue: Record<string, unknown>;
}

type Json = Record<string, unknown>;

function walk(node: unknown, visit: (object: Json) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
  } else if (node !== null && typeof node === 'object') {
    const object = node as Json;
    visit(object);
    for (const [key, value] of Object.entries(object)) if (key !== 'fallback' && key !== 'refresh') walk(value, visit);
  }
}

export function inputsOf(card: unknown): CardInput[] {
  const inputs: CardInput[] = [];
  walk(card, (object) => {
    if (typeof object.type !== 'string' || !object.type.startsWith('Input.')) return;
    inputs.push({
      id: String(object.id),
      type: object.type as CardInput['type'],
      label: String(object.label ?? ''),
      multi: object.isMultiSelect === true,
      choices: ((object.choices as Json[] | undefined) ?? []).map((c) => ({ title: String(c.title), value: String(c.value) })),
      value: object.value === undefined ? '' : String(object.value),
      required: object.isRequired === true,
    });
  });
  return inputs;
}

/** Buttons (Action.Execute in action sets) and tappable choices (a container's selectAction), by title. */
export function buttonsOf(card: unknown): CardButton[] {
  const buttons: CardButton[] = [];
  const add = (action: Json) => {
    if (action.type !== 'Action.Execute') return;
    const fallback = action.fallback as Json | undefined;
    buttons.push({
      title: String(action.title ?? ''),
      verb: String(action.verb ?? ''),
      data: (action.data as Json | undefined) ?? {},
      ...(fallback?.type === 'Action.Submit' ? { fallbackData: (fallback.data as Json | undefined) ?? {} } : {}),
      associatedInputs: action.associatedInputs === 'none' ? 'none' : 'auto',
    });
  };
  walk(card, (object) => {
    if (object.type === 'ActionSet' || object.type === 'AdaptiveCard') ((object.actions as Json[] | undefined) ?? []).forEach(add);
    if (object.selectAction) add(object.selectAction as Json);
  });
  return buttons;
}

/** The inputs' values once a person has filled them (by label), as a client sends them. */
function filled(inputs: readonly CardInput[], gesture: Gesture): Record<string, string> {
  const values: Record<string, string> = {};
  for (const input of inputs) if (input.value !== '') values[input.id] = input.value;
  for (const [label, wanted] of Object.entries(gesture.fill ?? {})) {
    const matching = inputs.filter((i) => i.label === label);
    if (matching.length !== 1)
      throw new Error(`The card shows ${matching.length} inputs labelled "${label}"; it shows: ${inputs.map((i) => `"${i.label}"`).join(', ')}.`);
    const input = matching[0]!;
    values[input.id] = valueFor(input, wanted);
    // A person who clears a field sends it empty: Teams leaves it out.
    if (values[input.id] === '') delete values[input.id];
  }
  return values;
}

/**
 * A dialog's button (an Action.Submit, in the card's actions or an action set) pressed: the
 * button's data merged with the inputs' values, as Teams sends a task/submit's or a message
 * extension's submitAction's `data`; a required input left empty stops the client, as above.
 */
export function submitDialog(card: unknown, gesture: Gesture): Record<string, unknown> {
  const submits: Json[] = [];
  walk(card, (object) => {
    if (object.type === 'ActionSet' || object.type === 'AdaptiveCard')
      submits.push(...((object.actions as Json[] | undefined) ?? []).filter((a) => a.type === 'Action.Submit'));
  });
  const buttons = submits.filter((b) => b.title === gesture.press);
  if (buttons.length !== 1) {
    throw new Error(
      `The dialog shows ${buttons.length} buttons titled "${gesture.press}"; it shows: ${submits.map((b) => `"${String(b.title)}"`).join(', ')}.`,
    );
  }
  const button = buttons[0]!;
  const data = (button.data as Json | undefined) ?? {};
  if (button.associatedInputs === 'none') return { ...data };
  const inputs = inputsOf(card);
  const values = filled(inputs, gesture);
  const missing = inputs.filter((input) => input.required && !values[input.id]);
  if (missing.length > 0) throw new Error(`A client would not send "${gesture.press}": ${missing.map((i) => `"${i.label}"`).join(', ')} must be filled first.`);
  return { ...data, ...values };
}

/** Fills the card's inputs and presses a button, returning what the client sends. */
export function act(card: unknown, gesture: Gesture): ClientAction {
  const inputs = inputsOf(card);
  const values = filled(inputs, gesture);
  const buttons = buttonsOf(card).filter((b) => b.title === gesture.press);
  if (buttons.length !== 1) {
    throw new Error(
      `The card shows ${buttons.length} buttons titled "${gesture.press}"; it shows: ${buttonsOf(card)
        .map((b) => `"${b.title}"`)
        .join(', ')}.`,
    );
  }
  const button = buttons[0]!;
  if (!button.fallbackData) throw new Error(`The button "${button.title}" has no Action.Submit fallback.`);
  if (button.associatedInputs === 'none') return { verb: button.verb, data: { ...button.data }, submitValue: { ...button.fallbackData } };
  // A client checks the card's required inputs before it sends anything, and sends nothing while one is empty.
  const missing = inputs.filter((input) => input.required && !values[input.id]);
  if (missing.length > 0) {
    throw new Error(`A client would not send "${button.title}": ${missing.map((i) => `"${i.label}"`).join(', ')} must be filled first.`);
  }
  return { verb: button.verb, data: { ...button.data, ...values }, submitValue: { ...button.fallbackData, ...values } };
}

function valueFor(input: CardInput, wanted: string | readonly string[] | number): string {
  if (input.type !== 'Input.ChoiceSet') return String(wanted);
  const titles = typeof wanted === 'string' || typeof wanted === 'number' ? [String(wanted)] : wanted;
  if (titles.length > 1 && !input.multi) throw new Error(`"${input.label}" takes one choice, not ${titles.length}.`);
  const chosen = titles.map((title) => {
    const choice = input.choices.find((c) => c.title === title) ?? input.choices.find((c) => c.title.startsWith(`${title} `));
    if (!choice) throw new Error(`"${input.label}" offers no choice "${title}"; it offers ${input.choices.map((c) => `"${c.title}"`).join(', ')}.`);
    return choice.value;
  });
  return chosen.join(',');
}

/**
 * What a person does on a poll's card to give `answer`, in the words the card shows them:
 * tap the option, or fill the form and send it.
 */
export function gestureFor(poll: Poll, answer: AnswerValue, catalog: Catalog, sendTitle: string): Gesture {
  const label = (id: string) => poll.options.find((o) => o.id === id)?.label ?? id;
  switch (answer.kind) {
    case 'single':
      return { press: label(answer.optionId) };
    case 'agreement':
      return { press: AGREEMENT_LEVELS.find((l) => l.id === answer.level)!.label };
    case 'multi':
      return { fill: { [`Your choices (up to ${poll.maxPicks ?? poll.options.length})`]: answer.optionIds.map(label) }, press: sendTitle };
    case 'rating':
      return { fill: Object.fromEntries(poll.options.map((o) => [o.label, answer.ratings[o.id]!])), press: sendTitle };
    case 'rank':
      return {
        fill: { 'First choice': label(answer.ranked[0]!), 'Second choice': label(answer.ranked[1]!), 'Third choice': label(answer.ranked[2]!) },
        press: sendTitle,
      };
    case 'open': {
      const priority = catalog.priorities.find((p) => p.id === answer.priorityId)?.title;
      return { fill: { 'Your answer': answer.text, ...(priority ? { 'Which draft priority is this about? (optional)': priority } : {}) }, press: sendTitle };
    }
  }
}
