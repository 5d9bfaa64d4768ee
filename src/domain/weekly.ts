import { PulseError } from './errors';
import type { PollSpec } from './poll';
import { addDays, dayOfWeek, isoDate, ukDate, ukInstant } from './uk-time';

/**
 * A weekly pulse: the same poll launched every week on a chosen day and time, in UK time
 * (Europe/London, so 09:00 stays 09:00 across the clock changes), until it is stopped.
 */
export interface WeeklyPulse {
  readonly id: string;
  /** The template and its choices, as for `launch` (e.g. ["top-priority", "results=live"]); empty for a poll form's pulse. */
  readonly launchArgs: readonly string[];
  /** A pulse set up from the poll form: the poll in the lead's own words and the channels chosen, launched as they are each week. */
  readonly request?: {
    readonly spec: PollSpec;
    /** How long each week's poll stays open. */
    readonly durationMs: number;
    readonly channels: readonly { readonly teamId: string; readonly channelId: string }[];
  };
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

/** The latest occurrence of the pulse's day and time at or before `now`, and its UK date. */
export function latestOccurrence(pulse: Pick<WeeklyPulse, 'day' | 'time'>, now: Date): { at: Date; week: string } {
  const [hh, mm] = pulse.time.split(':').map(Number) as [number, number];
  const today = ukDate(now);
  const back = (dayOfWeek(today) - pulse.day + 7) % 7;
  for (const extra of [0, 7]) {
    const date = addDays(today, -back - extra);
    const at = ukInstant(date, hh, mm);
    if (at <= now.getTime()) return { at: new Date(at), week: isoDate(date) };
  }
  throw new PulseError(
    'ahp_pulse_unreachable',
    `No occurrence of ${pulse.time} on day ${pulse.day} in the last two weeks before ${now.toISOString()}: this cannot happen; please report it.`,
  );
}
