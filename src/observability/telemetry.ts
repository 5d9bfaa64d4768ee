import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import { urlRedactingSpanProcessor } from './url-redaction';

export interface Telemetry {
  /** Hands a log line to Application Insights (as an OpenTelemetry log record). */
  readonly forward?: (level: string, message: string, fields: Record<string, unknown>) => void;
  /** Flushes what is buffered and stops; safe to call twice. */
  shutdown(): Promise<void>;
}

const SEVERITY: Record<string, number> = { debug: 5, info: 9, warn: 13, error: 17 };

/**
 * Application Insights, when APPLICATIONINSIGHTS_CONNECTION_STRING is set: logs, request traces
 * (HTTP in and out, auto-instrumented) and the metrics of otel-metrics.ts, through
 * @azure/monitor-opentelemetry. Loaded only then, and started before the app so its HTTP
 * instrumentation sees restify. Log lines reach it already redacted (pseudonyms, no names);
 * HTTP spans reach it with no path and no query (url-redaction.ts).
 */
export async function startTelemetry(connectionString: string | undefined, report: (error: unknown) => void = () => {}): Promise<Telemetry> {
  if (!connectionString) return { shutdown: async () => {} };
  const { useAzureMonitor, shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    enableLiveMetrics: false,
    // Every trace: without tracesPerSecond 0, the distro's default rate-limited sampler (5 a
    // second) takes precedence over samplingRatio and drops most of a busy second's requests.
    samplingRatio: 1,
    tracesPerSecond: 0,
    // No HTTP span keeps its path or query: they hold document ids, conversation ids and export links.
    spanProcessors: [urlRedactingSpanProcessor as unknown as NonNullable<AzureMonitorOpenTelemetryOptions['spanProcessors']>[number]],
  });
  const { logs } = await import('@opentelemetry/api-logs');
  const otelLogger = logs.getLogger('ahp-pulse');
  let stopped: Promise<void> | undefined;
  return {
    forward: (level, message, fields) => {
      const attributes: Record<string, string | number | boolean> = {};
      for (const [key, value] of Object.entries(fields)) {
        attributes[key] = typeof value === 'number' || typeof value === 'boolean' ? value : typeof value === 'string' ? value : JSON.stringify(value);
      }
      otelLogger.emit({ severityNumber: SEVERITY[level] ?? 9, severityText: level.toUpperCase(), body: message, attributes });
    },
    // A flush that fails (Application Insights unreachable) is reported, and never stops the bot stopping.
    shutdown: () => (stopped ??= shutdownAzureMonitor().catch(report)),
  };
}
