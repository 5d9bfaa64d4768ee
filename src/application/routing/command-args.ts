/**
 * The one reader of a command's `key=value` choices ("closes=3d", to="AHP Community",
 * at=2026-12-01T09:00Z): the key is matched without regard to case; the value is everything
 * after the first "=", as written (a value may itself hold "="). Words without "=" are kept in
 * order. What each command accepts, and how it reads a value, is the command's own business.
 */
export interface CommandArgs {
  /** The words that are not key=value, in order (a template name, a poll id). */
  readonly words: readonly string[];
  /** key (lower case) → value as written; a key given twice keeps the last. */
  readonly choices: ReadonlyMap<string, string>;
  /** Arguments that start with "=" or end in a bare key with no value ("closes="). */
  readonly malformed: readonly string[];
}

export function readCommandArgs(args: readonly string[]): CommandArgs {
  const words: string[] = [];
  const choices = new Map<string, string>();
  const malformed: string[] = [];
  for (const arg of args) {
    const at = arg.indexOf('=');
    if (at < 0) words.push(arg);
    else if (at === 0 || at === arg.length - 1) malformed.push(arg);
    else choices.set(arg.slice(0, at).toLowerCase(), arg.slice(at + 1));
  }
  return { words, choices, malformed };
}
