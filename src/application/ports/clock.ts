/** The time, as the use cases read it: one seam, so tests can move it. */
export interface Clock {
  now(): Date;
}
