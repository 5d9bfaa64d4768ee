import assert from 'node:assert/strict';
import fc from 'fast-check';
import { VERBS } from '../../src/cards/verbs';
import { botUnderTest } from '../support/bot-under-test';
import {
  AHP_COMMUNITY,
  cardActionInvoke,
  channelMention,
  LEAD,
  personalConversationOf,
  personalInstallationUpdate,
  personalMessage,
  TENANT_ID,
  teamInstallationUpdate,
} from '../support/teams-activities';
import { postActivity } from '../support/test-app';

/** One seed for every property, so a failure is the same failure on every machine; change it to explore. */
const SEED = 20_261_124;
const AHP = { userId: '29:1fuzz', aadObjectId: '00000000-0000-4000-8000-00000000f022', name: 'Fuzz Tester' };

/** Values Teams never sends where the bot reads them: wrong types, huge and odd strings, prototype keys. */
const hostile = fc.oneof(
  fc.anything({ maxDepth: 2, maxKeys: 4, withNullPrototype: false }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.constantFrom(
    'x'.repeat(200_000),
    '\u0000\u202e\ud800',
    '[x](https://evil.example)',
    '<at>everyone</at>',
    '=cmd|" /C calc"!A0',
    true,
    false,
    0,
    -1,
    1e308,
    null,
    [],
    {},
    JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}'),
  ),
);

const PATHS = [
  'type',
  'id',
  'text',
  'name',
  'action',
  'replyToId',
  'timestamp',
  'localTimestamp',
  'locale',
  'from',
  'from.id',
  'from.name',
  'from.aadObjectId',
  'recipient',
  'conversation',
  'conversation.id',
  'conversation.conversationType',
  'conversation.tenantId',
  'conversation.isGroup',
  'channelData',
  'channelData.tenant',
  'channelData.tenant.id',
  'channelData.team',
  'channelData.team.id',
  'channelData.channel',
  'value',
  'value.action',
  'value.action.verb',
  'value.action.data',
  'value.action.data.pollId',
  'value.action.data.choice',
  'membersAdded',
  'entities',
  'attachments',
] as const;

type Mutation = { path: (typeof PATHS)[number]; value: unknown } | { path: (typeof PATHS)[number]; remove: true };

/** The activity with `mutation` applied (parents made objects where they were not). */
function mutate(activity: Record<string, unknown>, mutation: Mutation): Record<string, unknown> {
  const copy = structuredClone(activity);
  const steps = mutation.path.split('.');
  let node: Record<string, unknown> = copy;
  for (const step of steps.slice(0, -1)) {
    const next = node[step];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[step] = {};
    node = node[step] as Record<string, unknown>;
  }
  const last = steps.at(-1)!;
  if ('remove' in mutation) delete node[last];
  else node[last] = mutation.value;
  return copy;
}

describe('Hostile input: generated activities and card payloads through the real server (fast-check, seeded)', function () {
  this.timeout(300_000);
  // Thousands of replies go to one chat here: Teams' per-conversation limits are lifted in the
  // fake connector, so the run measures input handling, not the outbox waiting out 429s.
  const bot = botUnderTest(
    { LEAD_IDS: LEAD.aadObjectId, CARD_REFRESH_MS: '60000' },
    { once: true, connector: { perConversation: [{ count: 1_000_000, windowMs: 1_000 }], perTenantPerSecond: 1_000_000 } },
  );
  let pollId = '';
  let thread: Record<string, unknown> = {};
  const channelData = { tenant: { id: TENANT_ID }, team: { id: AHP_COMMUNITY.teamId }, channel: { id: AHP_COMMUNITY.teamId } };
  const statuses = new Map<number, number>();
  const send = async (body: unknown) => {
    const { status } = await postActivity(bot.url(), body);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    assert.ok(status < 500, `${status} for ${JSON.stringify(body).slice(0, 400)}`);
    return status;
  };

  before(async () => {
    await postActivity(bot.url(), teamInstallationUpdate(bot.connector.url, AHP_COMMUNITY));
    await postActivity(bot.url(), channelMention(bot.connector.url, AHP_COMMUNITY, LEAD, 'poll top-priority'));
    pollId = /Poll (p[0-9a-f]+) is posted/.exec(String(bot.connector.activities.at(-1)!.activity.text))![1]!;
    const poll = (await bot.app.store.polls.get(pollId))!;
    thread = { isGroup: true, conversationType: 'channel', tenantId: TENANT_ID, id: poll.postings[0]!.conversationId };
  });

  after(() => {
    // What the runs met, for whoever reads the test log: how many of each status.
    console.log(`      statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  });

  it('refuses the type-confused fields that used to give a 500 (a number for from.id, true for localTimestamp), saying which', async () => {
    const message = personalMessage(bot.connector.url, AHP, 'help') as Record<string, unknown>;
    for (const [path, value, problem] of [
      ['from.id', 42, /"from\.id" must be a non-empty string/],
      ['localTimestamp', true, /"localTimestamp", when present, must be a string/],
      ['conversation.isGroup', 'yes', /"conversation\.isGroup", when present, must be a boolean/],
      ['channelData.tenant', 'x', /"channelData\.tenant", when present, must be an object/],
    ] as const) {
      const result = await postActivity(bot.url(), mutate(message, { path, value }));
      assert.equal(result.status, 400, path);
      assert.match((result.body as { problems: string[] }).problems.join(' '), problem);
    }
  });

  it('answers 3,000 mutated activities (and their replays) with no 5xx, and stays up', async () => {
    const bases = () => [
      personalMessage(bot.connector.url, AHP, 'help'),
      personalMessage(bot.connector.url, LEAD, `status ${pollId}`),
      personalInstallationUpdate(bot.connector.url, AHP),
      cardActionInvoke(bot.connector.url, thread, AHP, VERBS.answerPoll, { pollId, choice: 'access' }, channelData),
      cardActionInvoke(bot.connector.url, thread, AHP, VERBS.viewPoll, { pollId }, channelData),
      cardActionInvoke(bot.connector.url, personalConversationOf(AHP), AHP, VERBS.saveProfile, { profession: 'paramedic' }),
    ];
    const mutation: fc.Arbitrary<Mutation> = fc.oneof(
      fc.record({ path: fc.constantFrom(...PATHS), value: hostile }),
      fc.record({ path: fc.constantFrom(...PATHS), remove: fc.constant(true as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(5), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), async (which, mutations, replay) => {
        const activity = mutations.reduce(mutate, bases()[which] as Record<string, unknown>);
        await send(activity);
        if (replay) await send(activity);
      }),
      { seed: SEED, numRuns: 3_000, endOnFailure: true },
    );
    assert.equal((await fetch(`${bot.url()}/readyz`)).status, 200, 'the process is up and its store answers');
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype was polluted');
  });

  it('stores nothing from 4,000 invalid card payloads: wrong types, unknown verbs, foreign polls', async () => {
    const validChoices = new Set((await bot.app.store.polls.get(pollId))!.options.map((o) => o.id));
    const before = await bot.app.store.responses.count(pollId);
    const payload = fc.oneof(
      fc.record({ pollId: fc.constant(pollId), choice: hostile.filter((c) => typeof c !== 'string' || !validChoices.has(c)) }),
      fc.record({ pollId: hostile, choice: fc.constant('access') }),
      fc.dictionary(fc.string({ maxLength: 20 }), hostile, { maxKeys: 5 }),
    );
    const verb = fc.oneof(fc.constant(VERBS.answerPoll), fc.string({ maxLength: 40 }), hostile);
    await fc.assert(
      fc.asyncProperty(verb, payload, fc.nat(1_000), async (v, data, n) => {
        const person = { ...AHP, userId: `29:1fuzz${n}`, aadObjectId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}` };
        const invoke = cardActionInvoke(bot.connector.url, thread, person, VERBS.answerPoll, {}, channelData) as Record<string, unknown>;
        await send({ ...invoke, value: { action: { type: 'Action.Execute', verb: v, data }, trigger: 'manual' } });
      }),
      { seed: SEED, numRuns: 4_000, endOnFailure: true },
    );
    assert.equal(await bot.app.store.responses.count(pollId), before, 'no answer was stored');
  });

  it('refuses 3,000 bodies that are not activities with 400, storing nothing', async () => {
    const installations = (await bot.app.store.installations.list()).length;
    const profiles = await bot.app.store.profiles.get(AHP.aadObjectId);
    const notAnActivity = fc.oneof(
      hostile.filter((v) => v !== undefined && (v === null || typeof v !== 'object' || Array.isArray(v))),
      // An installation whose required fields are missing or of the wrong type.
      fc
        .record({ path: fc.constantFrom<(typeof PATHS)[number]>('type', 'conversation', 'conversation.id', 'from.id', 'conversation.isGroup'), value: hostile })
        .filter(({ path, value }) =>
          path === 'conversation.isGroup' ? typeof value !== 'boolean' && value !== null && value !== undefined : typeof value !== 'string' || value === '',
        )
        .map(({ path, value }) =>
          mutate(personalInstallationUpdate(bot.connector.url, { ...AHP, aadObjectId: '00000000-0000-4000-8000-0000000bad00' }), { path, value }),
        ),
    );
    await fc.assert(
      fc.asyncProperty(notAnActivity, async (body) => {
        const status = await send(body);
        // A wrong-typed serviceUrl can still be a valid URL string; everything else here is refused outright.
        assert.equal(status, 400, JSON.stringify(body).slice(0, 300));
      }),
      { seed: SEED, numRuns: 3_000, endOnFailure: true },
    );
    assert.equal((await bot.app.store.installations.list()).length, installations, 'no installation recorded');
    assert.deepEqual(await bot.app.store.profiles.get(AHP.aadObjectId), profiles);
  });
});
