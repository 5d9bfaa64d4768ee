import { startBaselineBot } from './baseline-bot';

/** The bare botbuilder bot as a process of its own, for `npm run bench` to measure from outside. */
startBaselineBot().then(
  ({ url, stop }) => {
    console.log(`baseline listening on ${url}`);
    process.once('SIGTERM', () => {
      stop().then(() => process.exit(0));
    });
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
