import 'dotenv/config';
import { startApp } from './app/start-app';
import { ConfigError, parseConfig } from './config/config';

/** `npm start`: read .env and the environment, start, and stop cleanly on SIGTERM or Ctrl+C. */
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const app = await startApp(config);
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
