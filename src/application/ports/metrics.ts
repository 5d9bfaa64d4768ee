/**
 * The few numbers operators watch (Application Insights when it is on; nothing otherwise). No
 * personal data goes with them: counts, kinds and outcomes only.
 */
export interface Metrics {
  answerSaved(outcome: 'created' | 'updated'): void;
  launched(channels: number): void;
  delivery(kind: string, outcome: 'sent' | 'failed' | 'throttled' | 'retrying'): void;
  digestComputed(milliseconds: number, published: boolean): void;
}
