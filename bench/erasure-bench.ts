import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { DATA_FILE_NAME, openSqliteStore } from '../src/adapters/store/embedded/store';
import { respondentKeyer } from '../src/application/polls/respondent-key';
import { type Started, startProcess } from '../test/support/bot-process';
import { actionOnCard, invokeOf, latestPostedCard } from '../test/support/card-answers';
import { FakeConnector } from '../test/support/fake-connector';
import { CONTENT, pollOf } from '../test/support/poll-fixtures';
import { AHP_COMMUNITY, channelMention, LEAD, type PersonFixture, personalMessage, teamInstallationUpdate } from '../test/support/teams-activities';
import { tempDir } from '../test/support/test-app';
import { report } from './harness';

/**
 * `delete my data confirm` on a store of 200,000 responses while answers flow, from outside the
 * bot's process (`npm start`'s): every answer must be saved, and /healthz, probed every 10 ms,
 * must never wait 50 ms or more (the event loop was not blocked). Beside the same flow of
 * answers with no erasure. The person has 40 named and 40 anonymous answers among them.
 */
const RESPONSES = Number(process.env.BENCH_ERASURE_RESPONSES ?? 200_000);
const SECRET = 'a-bench-respondent-secret-of-32-characters-or-more';
const SAM: PersonFixture = { userId: '29:1bench-erase-me', aadObjectId: '5a3e0000-0000-4000-8000-0000000be4c8', name: 'Samira Bench' };
const SECONDS = 4;

function seed(dir: string): void {
  const keyOf = respondentKeyer(SECRET);
  const db = new DatabaseSync(path.join(dir, DATA_FILE_NAME));
  db.exec('BEGIN');
  const insertPoll = db.prepare('INSERT INTO polls (id, status, closes_at, reminder_due, version, body) VALUES (?, ?, ?, NULL, ?, ?)');
  const insert = db.prepare('INSERT INTO responses (poll_id, respondent_key, answered_at, body) VALUES (?, ?, ?, ?)');
  // Relative to now: the bot runs on the real clock, and its retention would purge answers older than RETENTION_DAYS.
  const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  const polls = Array.from({ length: 80 }, (_, i) =>
    pollOf('single', { id: `perase${i}`, anonymous: i % 2 === 0, createdAt: ago(8), closesAt: ago(1), status: 'closed', closedAt: ago(1) }),
  );
  for (const poll of polls) insertPoll.run(poll.id, poll.status, poll.closesAt, poll.version, JSON.stringify(poll));
  const priorities = CONTENT.catalog.priorities.map((p) => p.id);
  const at = ago(3);
  for (let i = 0; i < RESPONSES; i++) {
    const poll = polls[i % polls.length]!;
    const named = !poll.anonymous;
    const key = named ? `aad:00000000-0000-4000-8000-${String(i).padStart(12, '0')}` : `anon:bench-${i}`;
    const body = {
      pollId: poll.id,
      respondentKey: key,
      ...(named ? { aadObjectId: key.slice(4), name: `Person ${i}` } : {}),
      value: { kind: 'single', optionId: priorities[i % priorities.length] },
      answeredAt: at,
      firstAnsweredAt: at,
      revision: 0,
    };
    insert.run(poll.id, key, at, JSON.stringify(body));
  }
  // Sam's own answers: one in each poll.
  for (const poll of polls) {
    const key = keyOf(poll, { ...SAM, tenantId: '' });
    const body = {
      pollId: poll.id,
      respondentKey: key,
      ...(poll.anonymous ? {} : { aadObjectId: SAM.aadObjectId, name: SAM.name }),
      value: { kind: 'single', optionId: 'access' },
      answeredAt: at,
      firstAnsweredAt: at,
      revision: 0,
    };
    insert.run(poll.id, key, at, JSON.stringify(body));
  }
  db.exec('COMMIT');
  db.close();
}

/** /healthz every 10 ms until stopped; returns the longest wait. */
function probe(url: string): { stop: () => Promise<number> } {
  let running = true;
  let longest = 0;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await fetch(`${url}/healthz`).then((r) => r.arrayBuffer());
      longest = Math.max(longest, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return longest;
    },
  };
}

export async function erasureBench(): Promise<void> {
  const data = tempDir('ahp-pulse-bench-erasure-');
  await openSqliteStore(data.dir).close(); // the schema, as the bot makes it
  seed(data.dir);
  const connector = await new FakeConnector({ perConversation: [], perTenantPerSecond: Number.MAX_SAFE_INTEGER }).start();
  let bot: Started | undefined;
  try {
    bot = startProcess({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: data.dir,
      LEAD_IDS: LEAD.aadObjectId,
      RESPONDENT_KEY_SECRET: SECRET,
      CARD_REFRESH_MS: '2000',
    });
    const url = await bot.url;
    const post = (activity: unknown) =>
      fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) }).then((r) => r.text());
    await post(teamInstallationUpdate(connector.url, AHP_COMMUNITY));
    await post(channelMention(connector.url, AHP_COMMUNITY, LEAD, 'poll top-priority results=live closes=7d'));
    const posted = latestPostedCard(connector, AHP_COMMUNITY.teamId);
    const tap = actionOnCard(connector, posted, { press: 'Easier access to support' });
    let next = 0;
    /** Answers from new people, 8 at a time, for `seconds`; counts those saved and those refused. */
    const flow = async (seconds: number) => {
      const until = Date.now() + seconds * 1000;
      let saved = 0;
      let refused = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (Date.now() < until) {
            const i = next++;
            const who = { userId: `29:1flow${i}`, aadObjectId: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`, name: `Flow ${i}` };
            if (/Saved/.test(await post(invokeOf(connector, posted, who, tap)))) saved++;
            else refused++;
          }
        }),
      );
      return { saved, refused };
    };
    await flow(1); // warm
    let probes = probe(url);
    const quiet = await flow(SECONDS);
    const quietLongest = await probes.stop();

    probes = probe(url);
    const flowing = flow(SECONDS);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const started = performance.now();
    const reply = await post(personalMessage(connector.url, SAM, 'delete my data confirm'));
    const erasureMs = performance.now() - started;
    const during = await flowing;
    const longest = await probes.stop();
    const erased = connector.activities.filter((a) => /Your data is erased/.test(JSON.stringify(a.activity))).length;
    report({
      bench: 'erasure_200k_responses',
      value: Math.round(longest),
      unit: 'ms longest /healthz wait during the erasure',
      baseline: Math.round(quietLongest),
      erasure_ms: Math.round(erasureMs),
      erased: erased === 1 && reply !== undefined,
      answers_saved: during.saved,
      answers_refused: during.refused,
      baseline_answers_saved: quiet.saved,
      responses: RESPONSES + 80,
      note: 'the bot as npm start runs it; answers 8 at a time from new people; the person had one answer in each of 80 polls (40 named, 40 anonymous); baseline: the same flow with no erasure',
    });
    if (during.refused > 0 || quiet.refused > 0) throw new Error(`Answers were refused: ${during.refused} during the erasure, ${quiet.refused} without.`);
    if (longest >= 50) throw new Error(`/healthz waited ${Math.round(longest)} ms during the erasure.`);
  } finally {
    bot?.child.kill('SIGKILL');
    await connector.stop();
    data.remove();
  }
}
