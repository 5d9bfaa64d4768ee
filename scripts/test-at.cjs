#!/usr/bin/env node
// `npm run test:at -- [WHEN]`: the unit, store-contract and end-to-end suites with the process
// clock moved to WHEN by Debian's faketime (libfaketime), to show that no test depends on
// today's date. Every process the suites start (bots, fake Teams, the Cosmos DB server)
// inherits the moved clock; the clock then runs on from WHEN at its normal rate. The browser
// tests are left out: Chromium does not run under libfaketime.
//
// WHEN is anything `date -d` reads ("2028-03-26 00:55 UTC", "+400 days"). Without it, the
// suites run about 400 days on, five minutes before the UK clock change nearest to that day
// (01:00 UTC on the last Sunday of March or October), so the run crosses a clock change.
// Run `npm run build` first (npm test does). Prints mocha's own `N passed, N failed` last.
'use strict';
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const DAY = 86_400_000;

/** 01:00 UTC on the last Sunday of the month (0-based) in the year: a UK clock change. */
function clockChange(year, month) {
  const last = new Date(Date.UTC(year, month + 1, 0, 1, 0, 0));
  return new Date(last.getTime() - last.getUTCDay() * DAY);
}

/** Five minutes before the UK clock change nearest to about 400 days from now. */
function defaultInstant(now = new Date()) {
  const target = now.getTime() + 400 * DAY;
  const year = new Date(target).getUTCFullYear();
  const changes = [year - 1, year, year + 1].flatMap((y) => [clockChange(y, 2), clockChange(y, 9)]);
  const nearest = changes.reduce((a, b) => (Math.abs(b.getTime() - target) < Math.abs(a.getTime() - target) ? b : a));
  return new Date(nearest.getTime() - 5 * 60_000);
}

function faketimeString(date) {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

module.exports = { defaultInstant, clockChange };

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const when = process.argv[2] ?? faketimeString(defaultInstant());
  if (spawnSync('faketime', ['--version'], { stdio: 'ignore' }).error) {
    console.error('faketime is not installed: apt-get install faketime (Debian), then run this again.');
    process.exit(2);
  }
  // Timers and hrtime keep the real monotonic clock; only the calendar moves.
  const env = { ...process.env, FAKETIME_DONT_FAKE_MONOTONIC: '1' };
  const node = process.execPath;
  const check = spawnSync('faketime', [when, node, '-p', 'new Date().toISOString()'], { env, encoding: 'utf8' });
  const moved = Date.parse(String(check.stdout).trim());
  if (check.status !== 0 || !Number.isFinite(moved) || Math.abs(moved - Date.now()) < DAY) {
    console.error(`faketime did not move the clock to "${when}" (a process under it read ${String(check.stdout).trim() || check.stderr}).`);
    process.exit(2);
  }
  console.log(`Running the unit, contract and end-to-end suites with the clock moved to ${new Date(moved).toISOString()} (faketime "${when}").`);
  const mocha = require.resolve('mocha/bin/mocha.js');
  // .mocharc.json's spec and reporter, less the browser tests.
  const run = spawnSync('faketime', [when, node, mocha, '--ignore', 'dist/test/browser/**'], { cwd: root, env, stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
