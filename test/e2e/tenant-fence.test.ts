import assert from 'node:assert/strict';
import { VERBS } from '../../src/cards/verbs';
import { ManualClock } from '../support/bot-deps';
import { botUnderTest } from '../support/bot-under-test';
import {
  AHP_COMMUNITY,
  cardActionInvoke,
  LEAD,
  personalConversationId,
  personalConversationOf,
  personalInstallationUpdate,
  personalMessage,
  TENANT_ID,
  teamInstallationUpdate,
} from '../support/teams-activities';
import { postActivity } from '../support/test-app';

const OTHER_TENANT = '0ff7e4a1-0000-4000-8000-0000000000ff';

/** Rewrites an activity as if it came from another tenant. */
function fromTenant<T extends Record<string, unknown>>(activity: T, tenantId: string): T {
  return {
    ...activity,
    conversation: { ...(activity.conversation as Record<string, unknown>), tenantId },
    channelData: { ...(activity.channelData as Record<string, unknown>), tenant: { id: tenantId } },
  };
}

describe('Only Microsoft Teams, and only the allowed tenants, get in (end to end)', () => {
  const bot = botUnderTest({ LEAD_IDS: LEAD.aadObjectId, ALLOWED_TENANT_IDS: TENANT_ID });

  it('answers an allowed tenant as usual', async () => {
    await postActivity(bot.url(), personalMessage(bot.connector.url, LEAD, 'help'));
    assert.equal(bot.connector.activities.length, 1);
  });

  it('refuses another tenant before any handler runs: nothing stored, nothing sent, an invoke gets 403', async () => {
    const install = await postActivity(bot.url(), fromTenant(personalInstallationUpdate(bot.connector.url, LEAD), OTHER_TENANT));
    assert.equal(install.status, 200);
    assert.equal((await postActivity(bot.url(), fromTenant(personalMessage(bot.connector.url, LEAD, 'help'), OTHER_TENANT))).status, 200);
    const invoke = fromTenant(cardActionInvoke(bot.connector.url, personalConversationOf(LEAD), LEAD, VERBS.showHelp), OTHER_TENANT);
    assert.equal((await postActivity(bot.url(), invoke)).status, 403);
    assert.deepEqual(bot.connector.activities, [], 'no reply, no welcome');
    assert.deepEqual(await bot.app.store.installations.list(), [], 'no installation recorded');
  });

  it('refuses an activity that does not come from Microsoft Teams, even from the allowed tenant', async () => {
    const webchat = { ...personalMessage(bot.connector.url, LEAD, 'help'), channelId: 'webchat' };
    assert.equal((await postActivity(bot.url(), webchat)).status, 200);
    assert.deepEqual(bot.connector.activities, []);
  });
});

describe('An unauthenticated caller, with authentication on (end to end)', () => {
  const bot = botUnderTest({
    MicrosoftAppId: '00000000-0000-4000-8000-00000000b07a',
    MicrosoftAppPassword: 'not-a-real-secret',
    MicrosoftAppType: 'MultiTenant',
    ALLOWED_TENANT_IDS: TENANT_ID,
    RESPONDENT_KEY_SECRET: 'x'.repeat(32),
    EXPORT_LINK_SECRET: 'e'.repeat(32),
  });

  it('never gets a detailed validation error: a body that is not an activity is refused with 400 and nothing more', async () => {
    const result = await postActivity(bot.url(), JSON.stringify({ type: 'message' }));
    assert.equal(result.status, 400);
    assert.deepEqual(result.body, { error: 'invalid_activity', message: 'The request body is not a Bot Framework activity.' });
    const malformed = await postActivity(bot.url(), '{"type": "mess');
    assert.equal(malformed.status, 400);
    assert.doesNotMatch(JSON.stringify(malformed.body), /Unexpected|position|JSON at/i, 'no parser detail');
  });

  it('gets 401 without a token, and nothing is processed, stored or sent', async () => {
    const result = await postActivity(bot.url(), personalMessage(bot.connector.url, LEAD, 'help'));
    assert.equal(result.status, 401);
    assert.deepEqual(bot.connector.activities, []);
    assert.deepEqual(await bot.app.store.installations.list(), []);
  });
});

describe('What the bot sends stays inside the allowed tenants (end to end)', () => {
  let clock: ManualClock;
  const bot = botUnderTest(
    { LEAD_IDS: LEAD.aadObjectId, ALLOWED_TENANT_IDS: TENANT_ID, OUTBOX_INTERVAL_MS: '100', SCHEDULER_INTERVAL_MS: '3600000' },
    { clock: () => (clock = new ManualClock(new Date('2026-11-23T08:00:00Z'))) },
  );
  const OTHER_TEAM = '19:elsewhere@thread.tacv2';
  const OTHER_CHAT = 'a:1other-tenant-chat';

  /** What a store may hold from before ALLOWED_TENANT_IDS was narrowed: a team and a subscriber in another tenant. */
  async function seedOtherTenant() {
    const now = clock.now().toISOString();
    const address = { conversation: { id: OTHER_TEAM, tenantId: OTHER_TENANT }, serviceUrl: bot.connector.url };
    await bot.app.store.installations.save({
      id: `team:${OTHER_TEAM}`,
      kind: 'team',
      teamId: OTHER_TEAM,
      teamName: 'Elsewhere',
      channels: [{ id: OTHER_TEAM, name: 'General' }],
      tenantId: OTHER_TENANT,
      serviceUrl: bot.connector.url,
      address,
      status: 'active',
      installedAt: now,
      updatedAt: now,
    });
    await bot.app.store.digestSubscriptions.save({
      aadObjectId: '0ff7e4a1-0000-4000-8000-00000000beef',
      name: 'Someone Elsewhere',
      subscribedAt: now,
      chat: {
        teamId: '',
        channelId: OTHER_CHAT,
        tenantId: OTHER_TENANT,
        serviceUrl: bot.connector.url,
        address: { conversation: { id: OTHER_CHAT, tenantId: OTHER_TENANT }, serviceUrl: bot.connector.url },
      },
    });
  }

  it('launch to=all and the weekly digest reach only the allowed tenant, whatever the store holds', async () => {
    await postActivity(bot.url(), teamInstallationUpdate(bot.connector.url, AHP_COMMUNITY));
    await postActivity(bot.url(), personalInstallationUpdate(bot.connector.url, LEAD));
    await postActivity(bot.url(), personalMessage(bot.connector.url, LEAD, 'digest subscribe'));
    await seedOtherTenant();

    await postActivity(bot.url(), personalMessage(bot.connector.url, LEAD, 'launch top-priority to=all'));
    assert.match(String(bot.connector.activities.at(-1)!.activity.text), /to 1 channel in 1 team/);
    clock.advance(3_600_000 + 60_000); // Monday 09:01: the digest is due
    await bot.app.work.runDuePollWork();
    await bot.app.work.drainOutbox();

    const conversations = new Set(bot.connector.activities.map((a) => a.conversationId.split(';')[0]));
    assert.ok(conversations.has(AHP_COMMUNITY.teamId), 'the poll reached the allowed team');
    assert.ok(
      bot.connector.cards().some((c) => c.conversationId === personalConversationId(LEAD) && JSON.stringify(c.card).includes('weekly digest')),
      'the allowed subscriber got the digest',
    );
    assert.ok(!conversations.has(OTHER_TEAM), 'nothing was posted to the other tenant’s team');
    assert.ok(!conversations.has(OTHER_CHAT), 'no digest went to the other tenant’s subscriber');
  });
});
