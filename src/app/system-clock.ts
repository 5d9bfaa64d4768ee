import type { Clock } from '../application/ports/clock';

/** The machine's clock: what production runs on (tests hand in a clock they move). */
export const systemClock: Clock = { now: () => new Date() };
