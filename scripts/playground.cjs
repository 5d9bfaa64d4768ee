#!/usr/bin/env node
// `npm run playground`: starts the bot (embedded store under data/playground) and the
// Microsoft 365 Agents Playground, a Teams-like page at http://localhost:56150 that mocks the
// tenant, team, channels and people in .m365agentsplayground.yml. Ctrl+C stops both.
'use strict';
const path = require('node:path');
const { spawn } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const port = process.env.PORT || '3978';
const endpoint = `http://127.0.0.1:${port}/api/messages`;
const children = [];

function run(command, args, env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  children.push(child);
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`${path.basename(args[0] || command)} exited (${code}); stopping the playground.`);
      stop(code || 1);
    }
  });
  return child;
}

let stopping = false;
function stop(code) {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function waitForHealth(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The bot did not answer ${url} within ${ms / 1000} s.`);
}

(async () => {
  run(process.execPath, [path.join(root, 'dist/src/main.js')], {
    PORT: port,
    DATA_DIR: process.env.DATA_DIR || path.join(root, 'data', 'playground'),
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    // The playground's current user (.m365agentsplayground.yml) is a professional lead.
    LEAD_IDS: process.env.LEAD_IDS || '00000000-0000-4000-8000-000000000101',
    // Show results from 3 answers, the lowest the bot allows, so a few clicks show them.
    MIN_RESPONDENTS: process.env.MIN_RESPONDENTS || '3',
    // The weekly digest goes to the mock team's "Strategy conversation" channel (Mondays 09:00 UK time).
    DIGEST_CHANNEL_IDS: process.env.DIGEST_CHANNEL_IDS || '19:strategy-conversation@thread.tacv2',
  });
  await waitForHealth(`http://127.0.0.1:${port}/healthz`, 15000);
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  run(process.execPath, [cli, '-e', endpoint, '-c', 'msteams', '--disable-telemetry'], {
    BOT_ENDPOINT: endpoint,
    M365_AGENTS_PLAYGROUND_LOGFILE: process.env.M365_AGENTS_PLAYGROUND_LOGFILE || path.join(root, 'data', 'playground', 'playground.log'),
  });
  console.log('\nAHP Pulse playground: open http://localhost:56150 and add the bot to the "AHP Community" team.\n');
})().catch((error) => {
  console.error(error.message);
  stop(1);
});
