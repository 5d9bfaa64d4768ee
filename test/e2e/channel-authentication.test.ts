import assert from 'node:assert/strict';
import type { RunningApp } from '../../src/app/start-app';
import { VERBS } from '../../src/cards/verbs';
import { parseConfig } from '../../src/config/config';
import { type FakeIdentity, startFakeIdentity } from '../support/fake-identity';
import { livePollOf } from '../support/poll-fixtures';
import { AHP_COMMUNITY, cardActionInvoke, LEAD, type PersonFixture, TENANT_ID } from '../support/teams-activities';
import { memoryLogger, postActivity, startTestApp, tempDir } from '../support/test-app';

const APP_ID = '00000000-0000-4000-8000-00000000b07a';
/** Teams' service URLs are https; nothing listens here, and an invoke's answer needs no call back. */
const SERVICE_URL = 'https://smba.trafficmanager.net/uk/';
const AHP: PersonFixture = { userId: '29:1ahp-auth', aadObjectId: '00000000-0000-4000-8000-0000000a0701', name: 'Sam Okafor' };

/**
 * botbuilder's own JWT validation, exercised: the bot runs with authentication on, and trusts
 * the signing keys of a loopback OpenID endpoint (ToBotFromChannelOpenIdMetadataUrl) instead of
 * the Bot Framework's. Every request answers a live poll; only the valid token's answer is kept.
 */
describe('Channel authentication with botbuilder’s JWT validation (end to end)', () => {
  let identity: FakeIdentity;
  let app: RunningApp;
  let data: ReturnType<typeof tempDir>;
  const logger = memoryLogger();
  const channel = AHP_COMMUNITY.teamId;
  const thread = { isGroup: true, conversationType: 'channel', tenantId: TENANT_ID, id: `${channel};messageid=1700000000001` };
  const posting = { teamId: AHP_COMMUNITY.teamId, channelId: channel, conversationId: thread.id, activityId: '1700000000001', serviceUrl: SERVICE_URL };
  // The bot runs on the real clock, so the poll is open whatever today is.
  const poll = livePollOf('single', {
    id: 'pa17c0ffee',
    tenantId: TENANT_ID,
    postings: [{ ...posting, address: { conversation: thread, serviceUrl: SERVICE_URL }, postedAt: new Date().toISOString() }],
  });
  const channelData = { tenant: { id: TENANT_ID }, team: { id: AHP_COMMUNITY.teamId }, channel: { id: channel } };

  before(async () => {
    identity = await startFakeIdentity();
    data = tempDir();
    app = await startTestApp(
      data.dir,
      {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'not-a-real-secret',
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: TENANT_ID,
        RESPONDENT_KEY_SECRET: 'k'.repeat(32),
        EXPORT_LINK_SECRET: 'e'.repeat(32),
        LEAD_IDS: LEAD.aadObjectId,
        ToBotFromChannelOpenIdMetadataUrl: identity.metadataUrl,
      },
      { logger },
    );
    await app.store.polls.create(poll);
  });
  after(async () => {
    await app?.stop();
    await identity?.close();
    data?.remove();
  });

  const answer = (serviceUrl = SERVICE_URL, person = AHP) => ({
    ...cardActionInvoke(serviceUrl, thread, person, VERBS.answerPoll, { pollId: poll.id, choice: 'access' }, channelData),
    serviceUrl,
  });
  const send = (activity: unknown, authorization?: string) =>
    postActivity(app.server.url, activity, authorization === undefined ? {} : { authorization: `Bearer ${authorization}` });

  const refusals: [string, () => { activity: unknown; token?: string }][] = [
    ['no Authorization header', () => ({ activity: answer() })],
    [
      'a bad signature (a key the Bot Framework never published)',
      () => ({ activity: answer(), token: identity.token(APP_ID, SERVICE_URL, { signedBy: 'stranger' }) }),
    ],
    ['the wrong audience (another bot’s app id)', () => ({ activity: answer(), token: identity.token('00000000-0000-4000-8000-0000000e711e', SERVICE_URL) })],
    ['the wrong issuer', () => ({ activity: answer(), token: identity.token(APP_ID, SERVICE_URL, { iss: 'https://api.evil.example' }) })],
    [
      'an expired token (beyond the five minutes of clock skew allowed)',
      () => {
        const past = Math.floor(Date.now() / 1000) - 3600;
        return { activity: answer(), token: identity.token(APP_ID, SERVICE_URL, { nbf: past - 600, exp: past }) };
      },
    ],
    [
      'a serviceurl claim that differs from the activity’s serviceUrl',
      () => ({ activity: answer(), token: identity.token(APP_ID, 'https://smba.evil.example/uk/') }),
    ],
    ['a token that is not a JWT at all', () => ({ activity: answer(), token: 'not.a.jwt' })],
  ];

  for (const [name, make] of refusals) {
    it(`refuses ${name} with 401: nothing is processed, stored or sent`, async () => {
      const { activity, token } = make();
      const result = await send(activity, token);
      assert.equal(result.status, 401);
      assert.equal(JSON.stringify(result.body), '"Unauthorized"', 'the caller learns nothing more; the reason is in the log');
      assert.equal(await app.store.responses.count(poll.id), 0, 'no answer stored');
      assert.deepEqual(await app.store.installations.list(), []);
    });
  }

  it('accepts a valid token: the answer is processed and stored, once', async () => {
    const result = await send(answer(), identity.token(APP_ID, SERVICE_URL));
    assert.equal(result.status, 200);
    assert.match(JSON.stringify(result.body), /Saved\. You can change your answer/);
    assert.equal(await app.store.responses.count(poll.id), 1);
    assert.ok(identity.keyFetches() >= 1, 'botbuilder fetched the keys from the metadata it was pointed at');
  });

  it('refuses an activity whose service URL is not https, even with a valid token for it: the bot would send its token there', async () => {
    const plain = 'http://smba.trafficmanager.net/uk/';
    const someoneElse = { ...AHP, aadObjectId: '00000000-0000-4000-8000-0000000a0702', userId: '29:1ahp-auth-2' };
    const activity = answer(plain, someoneElse);
    const result = await send(activity, identity.token(APP_ID, plain));
    assert.equal(result.status, 403);
    assert.equal(await app.store.responses.count(poll.id), 1, 'only the earlier, valid answer');
    assert.ok(logger.lines.some((l) => /refused/.test(l.message) && /not https/.test(String(l.fields?.reason))));
  });
});

describe('ToBotFromChannelOpenIdMetadataUrl outside tests', () => {
  const auth = {
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'x',
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: TENANT_ID,
    RESPONDENT_KEY_SECRET: 'k'.repeat(32),
    EXPORT_LINK_SECRET: 'e'.repeat(32),
    ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:1/keys',
  };
  it('is refused on App Service and under NODE_ENV=production, with the fix', () => {
    for (const production of [{ WEBSITE_SITE_NAME: 'ahp-pulse' }, { NODE_ENV: 'production' }]) {
      assert.throws(() => parseConfig({ ...auth, ...production }), /ToBotFromChannelOpenIdMetadataUrl[\s\S]*Remove it/);
    }
  });
});
