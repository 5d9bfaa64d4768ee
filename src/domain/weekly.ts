/**
 * A weekly pulse: the same poll launched every week on a chosen day and time, in UK time
 * (Europe/London, so 09:00 stays 09:00 across the clock changes), until it is stopped.
 */
export interface WeeklyPulse {
  readonly id: string;
  /** The template and its choices, as for `launch` (e.g. ["top-priority", "results=live"]). */
  readonly launchArgs: readonly string[];
  /** 0 Sunday … 6 Saturday. */
  readonly day: number;
  /** "HH:MM", UK time. */
  readonly time: string;
  readonly createdBy: { readonly aadObjectId: string; readonly name: string; readonly tenantId: string };
  readonly createdAt: string;
  readonly status: 'active' | 'stopped';
  /** The UK date ("YYYY-MM-DD") of the last week launched: each week is launched once. */
  readonly lastLaunched?: string;
  readonly version: number;
}

export const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function londonParts(at: number): { y: number; m: number; d: number; h: number; min: number } {
  const p = Object.fromEntries(LONDON.formatToParts(at).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), min: Number(p.minute) };
}

/** The instant a UK wall-clock time happens. */
export function londonInstant(y: number, m: number, d: number, h: number, min: number): number {
  const guess = Date.UTC(y, m - 1, d, h, min);
  const seen = londonParts(guess);
  const offset = Date.UTC(seen.y, seen.m - 1, seen.d, seen.h, seen.min) - guess;
  return guess - offset;
}

/** The latest occurrence of the pulse's day and time at or before `now`, and its UK date. */
export function latestOccurrence(pulse: Pick<WeeklyPulse, 'day' | 'time'>, now: Date): { at: Date; week: string } {
  const [hh, mm] = pulse.time.split(':').map(Number) as [number, number];
  const today = londonParts(now.getTime());
  const dow = new Date(Date.UTC(today.y, today.m - 1, today.d)).getUTCDay();
  const back = (dow - pulse.day + 7) % 7;
  for (const extra of [0, 7]) {
    const date = new Date(Date.UTC(today.y, today.m - 1, today.d - back - extra));
    const at = londonInstant(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), hh, mm);
    if (at <= now.getTime()) return { at: new Date(at), week: date.toISOString().slice(0, 10) };
  }
  throw new Error('unreachable: an occurrence a week back is always in the past');
}
