import { metrics } from '@opentelemetry/api';
import type { Metrics } from '../application/ports/metrics';

/**
 * The Metrics port on OpenTelemetry's API: Application Insights receives them once
 * @azure/monitor-opentelemetry is started (observability/telemetry.ts); before that, or without
 * it, the API's meter does nothing. Attributes are kinds and outcomes, never people.
 */
export function otelMetrics(): Metrics {
  const meter = metrics.getMeter('ahp-pulse');
  const answers = meter.createCounter('ahp_pulse.answers_saved', { description: 'Answers saved (created or changed)' });
  const launches = meter.createCounter('ahp_pulse.launches', { description: 'Polls launched' });
  const launchChannels = meter.createCounter('ahp_pulse.launch_channels', { description: 'Channels polls were launched to' });
  const deliveries = meter.createCounter('ahp_pulse.deliveries', { description: 'Outbox sends, by kind and outcome (sent, failed, throttled, retrying)' });
  const digest = meter.createHistogram('ahp_pulse.digest_duration', { description: 'Time to compute a weekly digest', unit: 'ms' });
  return {
    answerSaved: (outcome) => answers.add(1, { outcome }),
    launched: (channels) => {
      launches.add(1);
      launchChannels.add(channels);
    },
    delivery: (kind, outcome) => deliveries.add(1, { kind, outcome }),
    digestComputed: (milliseconds, published) => digest.record(milliseconds, { published: String(published) }),
  };
}
