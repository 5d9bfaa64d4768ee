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
