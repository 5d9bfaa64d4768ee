/**
 * Time as people in England read it. Every wall-clock rule of the bot (closing times shown on
 * cards, digest weeks, weekly pulses, "tomorrow at 09:00") goes through this one file, on the
 * Europe/London zone, so 09:00 stays 09:00 across the clock changes and "tomorrow" is the UK's
 * tomorrow even in the hour after midnight in summer, when the UTC date is still yesterday's.
 */

const ZONE = 'Europe/London';

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const SHOWN_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const SHOWN_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, weekday: 'short', day: 'numeric', month: 'short' });

/** A UK calendar date: year, month 1-12, day 1-31. */
export interface UkDate {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

/** The UK wall-clock reading of an instant. */
export function ukParts(at: number | Date): UkDate & { readonly h: number; readonly min: number } {
  const p = Object.fromEntries(PARTS.formatToParts(at).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), min: Number(p.minute) };
}

/** The UK date an instant falls on. */
export function ukDate(at: number | Date): UkDate {
  const { y, m, d } = ukParts(at);
  return { y, m, d };
}

/** The date `days` after (or before) a date: calendar arithmetic, whatever the clocks do. */
export function addDays(date: UkDate, days: number): UkDate {
  const shifted = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: shifted.getUTCFullYear(), m: shifted.getUTCMonth() + 1, d: shifted.getUTCDate() };
}

/** 0 for Sunday to 6 for Saturday. */
export function dayOfWeek(date: UkDate): number {
  return new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay();
}

/** "YYYY-MM-DD". */
export function isoDate(date: UkDate): string {
  return new Date(Date.UTC(date.y, date.m - 1, date.d)).toISOString().slice(0, 10);
}

/** The instant a UK wall-clock time happens (epoch ms). */
export function ukInstant(date: UkDate, h: number, min: number): number {
  const guess = Date.UTC(date.y, date.m - 1, date.d, h, min);
  const seen = ukParts(guess);
  const offset = Date.UTC(seen.y, seen.m - 1, seen.d, seen.h, seen.min) - guess;
  return guess - offset;
}

/**
 * "Tomorrow at 09:00" and "Monday at 09:00" as a lead means them: tomorrow is the UK date after
 * today's; Monday is the first Monday after today (on a Monday, next week's).
 */
export function nextUkTime(now: Date, day: 'tomorrow' | 'monday', h: number, min: number): Date {
  const today = ukDate(now);
  const ahead = day === 'tomorrow' ? 1 : (1 - dayOfWeek(today) + 7) % 7 || 7;
  return new Date(ukInstant(addDays(today, ahead), h, min));
}

/** "Tue 1 Dec at 17:00": a poll's closing time, the time a digest's figures were taken. */
export function formatUkTime(iso: string): string {
  // Every answer's card shows its poll's closing time: the few times in use are remembered.
  const known = formattedTimes.get(iso);
  if (known !== undefined) return known;
  const parts = Object.fromEntries(SHOWN_TIME.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  const shown = `${parts.weekday} ${parts.day} ${parts.month} at ${parts.hour}:${parts.minute}`;
  if (formattedTimes.size >= 1_000) formattedTimes.clear();
  formattedTimes.set(iso, shown);
  return shown;
}
const formattedTimes = new Map<string, string>();

/** "Tue 1 Dec". */
export function formatUkDate(iso: string): string {
  return SHOWN_DATE.format(new Date(iso));
}
