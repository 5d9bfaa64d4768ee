import assert from 'node:assert/strict';
import { VERBS } from '../../src/cards/verbs';
import { botUnderTest } from '../support/bot-under-test';
import { LEAD, TENANT_ID, cardActionInvoke, personalConversationOf, personalInstallationUpdate, personalMessage } from '../support/teams-activities';
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
    ALLOWED_TENANT_IDS: TENANT_ID,
    RESPONDENT_KEY_SECRET: 'x'.repeat(32),
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
