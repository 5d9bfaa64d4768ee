import assert from 'node:assert/strict';
import { launch } from '../../src/application/launches/launch';
import { LEAD_AAD, makePollDeps } from '../support/poll-deps';
import { tempDir } from '../support/test-app';

describe('A launch checks the role where it happens', () => {
  it('refuses someone who is not a lead, whatever led to it, and stores nothing', async () => {
    const data = tempDir();
    const deps = makePollDeps(data.dir);
    try {
      const request = { templateId: 'top-priority', to: 'all', durationMs: 86_400_000, anonymous: true, visibility: 'live' as const, allowQuotes: false };
      const reply = await launch(
        deps,
        { aadObjectId: '00000000-0000-4000-8000-00000000dead', userId: '29:1x', name: 'Not A Lead', tenantId: 'tenant' },
        request,
      );
      assert.deepEqual(reply, { kind: 'text', text: 'Only professional leads and admins can launch polls.' });
      assert.deepEqual(await deps.store.polls.listOpenBetween('2000-01-01T00:00:00.000Z', '9999-01-01T00:00:00.000Z'), []);
      // A lead gets past the role check (to the audience: the bot is in no team here).
      const lead = await launch(deps, { aadObjectId: LEAD_AAD, userId: '29:1lead', name: 'Lead', tenantId: 'tenant' }, request);
      assert.match(JSON.stringify(lead), /not installed in any team yet/);
    } finally {
      await deps.store.close();
      data.remove();
    }
  });
});
