import type { Metrics } from '../application/ports/metrics';

/** Metrics that go nowhere: when Application Insights is off, and in tests. */
export const noMetrics: Metrics = { answerSaved: () => {}, launched: () => {}, delivery: () => {}, digestComputed: () => {} };
