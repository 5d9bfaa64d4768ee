import assert from 'node:assert/strict';
import type { CloudAdapter } from 'botbuilder';
import { teamsMessenger } from '../../src/adapters/teams/teams-messenger';
import { SendError } from '../../src/application/outbox/send-error';
import { allowedTenants } from '../../src/domain/tenants';

/** The messenger's last gates, before anything reaches the Bot Connector: an adapter that would record any call. */
describe('The Teams messenger’s own gates', () => {
  const calls: string[] = [];
  const adapter = {
    continueConversationAsync: async () => {
      calls.push('continue');
    },
  } as unknown as CloudAdapter;
  const messenger = teamsMessenger(adapter, 'app-id', { httpsOnly: true, tenants: allowedTenants(['tenant-ours']) });
  const target = (serviceUrl: string, tenantId = 'tenant-ours') => ({
    teamId: '19:t',
    channelId: '19:t',
    tenantId,
    serviceUrl,
    address: { conversation: { id: '19:t' }, serviceUrl },
  });

  it('never sends the bot’s token to a service URL that is not https once authentication is on', async () => {
    await assert.rejects(messenger.postCard(target('http://smba.example/'), {}), (error: unknown) => {
      assert.ok(error instanceof SendError);
      assert.equal(error.failure.kind, 'permanent');
      assert.match(error.message, /not https/);
      return true;
    });
    assert.deepEqual(calls, []);
  });

  it('posts nothing to a tenant outside ALLOWED_TENANT_IDS, whatever asked for it', async () => {
    await assert.rejects(messenger.postCard(target('https://smba.example/', 'tenant-theirs'), {}), /ALLOWED_TENANT_IDS/);
    assert.deepEqual(calls, []);
  });
});
