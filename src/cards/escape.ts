/**
 * Text from people (team names, answers, display names) goes into TextBlocks, which Teams
 * reads as markdown. Escaping keeps it text: no links, emphasis, code or <at> mentions, and
 * no list or heading made by its first character.
 */
const INLINE = /[\\`*_[\]<>~]/g;
const LINE_START = /^(\s*)(?:([-+#>])|(\d+)\.)/;

export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(INLINE, (ch) => `\\${ch}`)
    .replace(LINE_START, (_m, space: string, marker?: string, digits?: string) =>
      // CommonMark escapes punctuation only: "\-" for a bullet, "1\." for a numbered list.
      marker ? `${space}\\${marker}` : `${space}${digits}\\.`,
    );
}

/**
 * Text that is not read as markdown (an input's value, a choice's title, an action's data):
 * passed through as it is, since a backslash there would show, or change what is submitted.
 */
export class PlainValue {
  constructor(readonly value: string) {}
}

export function plain(value: string): PlainValue {
  return new PlainValue(value);
}

/** Escapes every string in a template's data, so no caller can forget to; plain() values pass as they are. */
export function escapeData<T>(value: T): T {
  if (value instanceof PlainValue) return value.value as T;
  if (typeof value === 'string') return escapeMarkdown(value) as T;
  if (Array.isArray(value)) return value.map((item) => escapeData(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeData(v)])) as T;
  }
  return value;
}
