import { spawn } from 'node:child_process';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DatabaseSync } from 'node:sqlite';
import { winkAnalyser } from '../src/adapters/nlp/wink-analyser';
import { DATA_FILE_NAME, openSqliteStore } from '../src/adapters/store/embedded/store';
import { computeDigest } from '../src/application/digest/compute-digest';
import { participantSeals } from '../src/application/polls/respondent-key';
import type { AnswerValue } from '../src/domain/answer';
import { AGREEMENT_LEVELS, type Poll } from '../src/domain/poll';
import type { PollResponse } from '../src/domain/response';
import { CONTENT, pollOf } from '../test/support/poll-fixtures';
import { tempDir } from '../test/support/test-app';
import { report } from './harness';

/**
 * One week's digest over a million responses on the embedded store: 200,000 people answering
 * five polls (one of each counted kind, and an open question whose 200,000 answers go through
 * the theme finder). Run in a process of its own (`npm run bench` starts it), so its peak
 * memory is its own. The baseline is the floor: reading and parsing the same rows and nothing else.
 */
const PEOPLE = Number(process.env.BENCH_DIGEST_PEOPLE ?? 200_000);
const WEEK = { id: '2026-11-16', startsAt: '2026-11-16T00:00:00.000Z', endsAt: '2026-11-23T00:00:00.000Z' };
/** The digest is computed as the Monday after the week would compute it, whatever today is. */
const AFTER_THE_WEEK = { now: () => new Date('2026-11-23T09:00:00.000Z') };
const SEALS = participantSeals('a-bench-secret-that-is-at-least-32-characters-long');
const PROFESSIONS = CONTENT.catalog.professions.map((p) => p.id);
const PRIORITIES = CONTENT.catalog.priorities.map((p) => p.id);

// Deterministic, so every run digests the same answers.
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const OPENINGS = [
  'Shorter waiting lists',
  'More staff',
  'Better digital records',
  'Clearer career progression',
  'Joined up community services',
  'Time for supervision',
  'Less paperwork',
  'Faster referrals',
];
const ENDINGS = [
  'would help my patients most.',
  'in our community teams.',
  'so people are seen sooner.',
  'across health and social care.',
  'for newly qualified staff.',
  'and fewer missed appointments.',
];

function answerFor(poll: Poll, i: number): AnswerValue {
  switch (poll.kind) {
    case 'single':
      return { kind: 'single', optionId: pick(PRIORITIES) };
    case 'agreement':
      return { kind: 'agreement', level: pick(AGREEMENT_LEVELS).id };
    case 'rating':
      return { kind: 'rating', ratings: Object.fromEntries(PRIORITIES.map((id) => [id, 1 + Math.floor(random() * 5)])) };
    case 'rank': {
      const order = [...PRIORITIES].sort(() => random() - 0.5);
      return { kind: 'rank', ranked: order.slice(0, 3) };
    }
    case 'open':
      return { kind: 'open', text: `${pick(OPENINGS)} ${pick(ENDINGS)}`, ...(i % 3 === 0 ? { priorityId: pick(PRIORITIES) } : {}) };
    default:
      throw new Error(`no answers for ${poll.kind}`);
  }
}

function seedStore(dir: string): { polls: number; responses: number } {
  const polls = (['single', 'agreement', 'rating', 'rank', 'open'] as const).map((kind, n) =>
    pollOf(kind, {
      id: `pbench${n}`,
      createdAt: '2026-11-16T09:00:00.000Z',
      closesAt: '2026-11-20T17:00:00.000Z',
      status: 'closed',
      closedAt: '2026-11-20T17:00:00.000Z',
      allowQuotes: kind === 'open',
    }),
  );
  const db = new DatabaseSync(path.join(dir, DATA_FILE_NAME));
  db.exec('BEGIN');
  const insertPoll = db.prepare('INSERT INTO polls (id, status, closes_at, reminder_due, version, body) VALUES (?, ?, ?, NULL, ?, ?)');
  for (const poll of polls) insertPoll.run(poll.id, poll.status, poll.closesAt, poll.version, JSON.stringify(poll));
  const insert = db.prepare('INSERT INTO responses (poll_id, respondent_key, answered_at, body) VALUES (?, ?, ?, ?)');
  let responses = 0;
  for (const poll of polls) {
    for (let person = 0; person < PEOPLE; person++) {
      const at = new Date(Date.parse('2026-11-16T09:00:00.000Z') + Math.floor(random() * 4 * 86_400_000)).toISOString();
      const response: PollResponse = {
        pollId: poll.id,
        respondentKey: `anon:${poll.id}:${person.toString(36).padStart(8, '0')}`,
        // A fresh seal of the person on every answer, as the bot stores them: the digest opens them to count people.
        participantSeal: SEALS.seal({ aadObjectId: `00000000-0000-4000-8000-${person.toString(16).padStart(12, '0')}`, userId: '' }),
        ...(person % 10 === 0 ? {} : { profession: PROFESSIONS[person % PROFESSIONS.length]! }),
        value: answerFor(poll, person),
        answeredAt: at,
        firstAnsweredAt: at,
        revision: person % 7 === 0 ? 1 : 0,
      };
      insert.run(poll.id, response.respondentKey, at, JSON.stringify(response));
      responses++;
    }
  }
  db.exec('COMMIT');
  db.close();
  return { polls: polls.length, responses };
}

/** Seeds the store in a process of its own, so that what seeding allocated is not counted as the digest's memory. */
function seedInChild(dir: string): Promise<{ polls: number; responses: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename, '--seed', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as { polls: number; responses: number; seconds: number }) : reject(new Error(`seeding failed (${code})`)),
    );
  });
}

async function main(): Promise<void> {
  const seedAt = process.argv.indexOf('--seed');
  if (seedAt >= 0) {
    const started = Date.now();
    const seeded = seedStore(process.argv[seedAt + 1]!);
    process.stdout.write(JSON.stringify({ ...seeded, seconds: (Date.now() - started) / 1000 }));
    return;
  }
  const data = tempDir('ahp-pulse-bench-digest-');
  try {
    await openSqliteStore(data.dir).close(); // the schema, as the bot makes it
    const seeded = await seedInChild(data.dir);
    const store = openSqliteStore(data.dir);
    const analyser = winkAnalyser();

    (globalThis as { gc?: () => void }).gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    let peakHeap = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 20);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const t0 = process.hrtime.bigint();
    const digest = await computeDigest(
      { store, clock: AFTER_THE_WEEK, catalog: CONTENT.catalog, analyser, minRespondents: 5, participants: SEALS.opener },
      WEEK,
    );
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    loop.disable();
    clearInterval(sampler);
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);

    // The floor, after the digest so that its memory is not counted as the digest's: every row read and parsed, nothing counted.
    const s0 = process.hrtime.bigint();
    let scanned = 0;
    for (const poll of await store.polls.listOpenBetween(WEEK.startsAt, WEEK.endsAt)) {
      for await (const response of store.responses.stream(poll.id)) if (response.pollId) scanned++;
    }
    const scanSeconds = Number(process.hrtime.bigint() - s0) / 1e9;
    await store.close();
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    // Participation counts people (each answered all five polls); the polls' figures count responses.
    const total = 'value' in digest.participation.responses ? digest.participation.responses.value : -1;
    report({
      bench: 'digest_1m_responses',
      value: Math.round(seconds * 100) / 100,
      unit: 's',
      baseline: Math.round(scanSeconds * 100) / 100,
      responses: seeded.responses,
      people_counted: total,
      scanned,
      people: PEOPLE,
      polls: seeded.polls,
      themes: digest.themes.themes.length,
      open_answers_read_for_themes: digest.themes.sampled ?? PEOPLE,
      peak_rss_mb: mb(peakRss),
      rss_before_mb: mb(rssBefore),
      peak_heap_mb: mb(peakHeap),
      seed_s: Math.round(seeded.seconds),
      // The longest the event loop was held while the digest computed (Teams' requests wait that long).
      max_event_loop_block_ms: Math.round(loop.max / 1e6),
      note: 'baseline: reading and parsing the same rows through the store, nothing counted; each response carries a participant seal, opened to count people; the store is seeded by another process; peak RSS is the whole process (Node, the language model, SQLite)',
    });
    if (total !== PEOPLE) throw new Error(`The digest counted ${total} of ${PEOPLE} people.`);
  } finally {
    data.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
