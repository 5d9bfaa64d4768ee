import assert from 'node:assert/strict';
import { launchFromRequest } from '../../src/application/launches/launch-poll';
import { StoreError } from '../../src/application/store-error';
import { LEAD_AAD, makeBotDeps } from '../support/bot-deps';
import { tempDir } from '../support/test-app';

describe('A launch checks the role where it happens', () => {
  it('refuses someone who is not a lead, whatever led to it, and stores nothing', async () => {
    const data = tempDir();
    const deps = makeBotDeps(data.dir);
    try {
      const request = { templateId: 'top-priority', to: 'all', durationMs: 86_400_000, anonymous: true, visibility: 'live' as const, allowQuotes: false };
      const reply = await launchFromRequest(
        deps,
        { aadObjectId: '00000000-0000-4000-8000-00000000dead', userId: '29:1x', name: 'Not A Lead', tenantId: 'tenant' },
        request,
      );
      assert.deepEqual(reply, { kind: 'text', text: 'Only professional leads and admins can launch polls.' });
      assert.deepEqual(await deps.store.polls.listOpenBetween('2000-01-01T00:00:00.000Z', '9999-01-01T00:00:00.000Z'), []);
      // A lead gets past the role check (to the audience: the bot is in no team here).
      const lead = await launchFromRequest(deps, { aadObjectId: LEAD_AAD, userId: '29:1lead', name: 'Lead', tenantId: 'tenant' }, request);
      assert.match(JSON.stringify(lead), /not installed in any team yet/);
    } finally {
      await deps.store.close();
      data.remove();
    }
  });
});

describe('A launch whose store fails', () => {
  it('does not show the store’s message to the lead: the error goes up to the turn, which logs it', async () => {
    const data = tempDir();
    const deps = makeBotDeps(data.dir);
    try {
      await deps.store.installations.save({
        kind: 'team',
        id: 'team:19:t',
        teamId: '19:t',
        teamName: 'Team T',
        channels: [{ id: '19:t', name: 'General' }],
        tenantId: 'tenant',
        serviceUrl: 'https://smba.trafficmanager.net/uk/',
        address: {},
        status: 'active',
        installedAt: '2026-11-24T09:00:00.000Z',
        updatedAt: '2026-11-24T09:00:00.000Z',
      });
      const failing = {
        ...deps,
        store: {
          ...deps.store,
          polls: {
            ...deps.store.polls,
            create: async () => {
              throw new StoreError('ahp_pulse_store_unavailable', `The embedded store (${data.dir}/ahp-pulse.sqlite) failed.`);
            },
          },
        },
      };
      const request = { templateId: 'top-priority', to: 'all', durationMs: 86_400_000, anonymous: true, visibility: 'live' as const, allowQuotes: false };
      await assert.rejects(launchFromRequest(failing, { aadObjectId: LEAD_AAD, userId: '29:1lead', name: 'Lead', tenantId: 'tenant' }, request), StoreError);
      // A rule broken is still told in words.
      const rule = await launchFromRequest(
        deps,
        { aadObjectId: LEAD_AAD, userId: '29:1lead', name: 'Lead', tenantId: 'tenant' },
        { ...request, templateId: 'no-such' },
      );
      assert.match(JSON.stringify(rule), /There is no poll template called/);
    } finally {
      await deps.store.close();
      data.remove();
    }
  });
});
