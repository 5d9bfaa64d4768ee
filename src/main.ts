import 'dotenv/config';
import { ConfigError, parseConfig } from './config/config';
import { startTelemetry } from './observability/telemetry';

/**
 * `npm start`: read .env and the environment, start Application Insights when it is configured
 * (before the app's modules load, so its HTTP instrumentation sees them), start, and stop
 * cleanly on SIGTERM or Ctrl+C.
 */
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const telemetry = await startTelemetry(config.appInsightsConnectionString, (error) =>
    console.error('Application Insights did not take the last telemetry:', (error as Error)?.message ?? error),
  );
  const { startApp } = await import('./app/start-app.js');
  const app = await startApp(config, { telemetry });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      app.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('AHP Pulse did not stop cleanly:', error);
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`AHP Pulse cannot start.\n${error.message}`);
  } else {
    console.error(`AHP Pulse cannot start: ${(error as Error)?.message ?? String(error)}`);
  }
  process.exit(1);
});
