import { inert } from '../markdown';
import { addDays, dayOfWeek, isoDate, type UkDate, ukDate, ukInstant } from '../uk-time';

/**
 * A digest week: Monday 00:00 to the next Monday 00:00, UK time (Europe/London), named by its
 * Monday's date ("2026-11-16"). A week with a clock change is 167 or 169 hours long.
 */
export interface DigestWeek {
  readonly id: string;
  readonly startsAt: string;
  readonly endsAt: string;
}

const WEEK_ID = /^(\d{4})-(\d{2})-(\d{2})$/;

function weekFromMonday(monday: UkDate): DigestWeek {
  return {
    id: isoDate(monday),
    startsAt: new Date(ukInstant(monday, 0, 0)).toISOString(),
    endsAt: new Date(ukInstant(addDays(monday, 7), 0, 0)).toISOString(),
  };
}

/** The week (UK time) that `at` falls in. */
export function weekContaining(at: Date): DigestWeek {
  const today = ukDate(at);
  const sinceMonday = (dayOfWeek(today) + 6) % 7;
  return weekFromMonday(addDays(today, -sinceMonday));
}

/** The week named by its Monday ("2026-11-16"), or a reason it is not one. */
export function parseWeekId(text: string): DigestWeek | { readonly problem: string } {
  const match = WEEK_ID.exec(text.trim());
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!match || !date || date.toISOString().slice(0, 10) !== text.trim()) {
    return { problem: `"${inert(text)}" is not a date: write the week's Monday as YYYY-MM-DD, for example 2026-11-16.` };
  }
  const day = { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
  return dayOfWeek(day) === 1 ? weekFromMonday(day) : weekContaining(new Date(ukInstant(day, 12, 0)));
}

export function previousWeek(week: DigestWeek): DigestWeek {
  return weekContaining(new Date(Date.parse(week.startsAt) - 12 * 3_600_000));
}

export function nextWeek(week: DigestWeek): DigestWeek {
  return weekContaining(new Date(Date.parse(week.endsAt) + 12 * 3_600_000));
}

const DAY_MONTH = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long' });
const DAY_MONTH_YEAR = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** "16 to 22 November 2026". */
export function weekLabel(week: DigestWeek): string {
  const monday = new Date(`${week.id}T00:00:00Z`);
  const sunday = new Date(monday.getTime() + 6 * 86_400_000);
  const first =
    monday.getUTCFullYear() !== sunday.getUTCFullYear()
      ? DAY_MONTH_YEAR.format(monday)
      : monday.getUTCMonth() === sunday.getUTCMonth()
        ? String(monday.getUTCDate())
        : DAY_MONTH.format(monday);
  return `${first} to ${DAY_MONTH_YEAR.format(sunday)}`;
}
