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

/** Bare addresses Teams would turn into links: "https://", "www.". */
const LINKISH = /(\b[a-z][a-z0-9+.-]*):\/\/|\bwww\./gi;

/**
 * Someone's own words, quoted back in a message Teams reads as markdown ("There is no team
 * called …"): escaped as above, with any address broken by an invisible space so Teams does
 * not make it a link, and cut to `max` characters. Anything a person typed goes through this
 * before it is echoed.
 */
export function inert(text: string, max = 60): string {
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return escapeMarkdown(cut).replace(LINKISH, (m) => m.replace(/:\/\/|\./, (sep) => `${sep[0]}\u200b${sep.slice(1)}`));
}

/**
 * The shape of a poll id: the bot makes "p" and ten hex digits; anything that is not "p" and
 * up to 31 lower-case letters and digits is refused before it is looked up or echoed.
 */
export const POLL_ID = /^p[0-9a-z]{1,31}$/;

export function isPollId(value: unknown): value is string {
  return typeof value === 'string' && POLL_ID.test(value);
}
