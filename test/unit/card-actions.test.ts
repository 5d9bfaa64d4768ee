import assert from 'node:assert/strict';
import { buildCommandTable } from '../../src/app/command-table';
import { buildVerbTable } from '../../src/app/verb-table';
import type { DigestDeps } from '../../src/application/digest/digest-deps';
import { type CardActionInput, CardActionRouter, DuplicateVerbError } from '../../src/application/routing/card-actions';
import { loadCardRenderer } from '../../src/cards/card-renderer';
import { VERBS } from '../../src/cards/verbs';
import { makeBotDeps } from '../support/bot-deps';
import { tempDir } from '../support/test-app';

const input = (verb: string): CardActionInput => ({
  verb,
  data: {},
  actor: { userId: '29:u', aadObjectId: 'aad', name: 'A', tenantId: 't' },
  conversationId: 'c',
  conversationType: 'personal',
  correlationId: 'ref12345',
  receivedAt: '2026-11-24T09:00:00.000Z',
});

describe('The verb table', () => {
  it('routes an action to the handler registered for its verb', async () => {
    const router = new CardActionRouter(async () => ({ kind: 'text', text: 'unknown' }))
      .on('a.one', async () => ({ kind: 'text', text: 'one' }))
      .on('a.two', async () => ({ kind: 'text', text: 'two' }));
    assert.deepEqual(await router.dispatch(input('a.two')), { kind: 'text', text: 'two' });
  });

  it('hands an unknown verb to the fallback handler', async () => {
    const router = new CardActionRouter(async (i) => ({ kind: 'text', text: `unknown ${i.verb}` }));
    assert.deepEqual(await router.dispatch(input('nope')), { kind: 'text', text: 'unknown nope' });
  });

  it('refuses a verb registered twice, naming it', () => {
    const router = new CardActionRouter(async () => ({ kind: 'text', text: '' })).on('x', async () => ({ kind: 'text', text: '' }));
    assert.throws(
      () => router.on('x', async () => ({ kind: 'text', text: '' })),
      (error: unknown) => {
        assert.ok(error instanceof DuplicateVerbError);
        assert.match((error as Error).message, /"x" is registered twice/);
        return true;
      },
    );
  });

  it('registers every verb in VERBS, and answers an unknown verb with an error card that quotes it', async () => {
    const data = tempDir();
    const polls = makeBotDeps(data.dir);
    const cards = loadCardRenderer();
    const profile = { ...polls, catalog: polls.content.catalog };
    const table = buildVerbTable({ cards, polls, profile, commands: buildCommandTable(cards, polls, profile, {} as DigestDeps), digests: {} as DigestDeps });
    assert.deepEqual(table.verbs().sort(), Object.values(VERBS).sort());
    const reply = await table.dispatch(input('poll.hack'));
    assert.equal(reply.kind, 'card');
    assert.match(JSON.stringify(reply), /That button is not one I know/);
    assert.match(JSON.stringify(reply), /poll\.hack/);
    assert.match(JSON.stringify(reply), /ref12345/);
    await polls.store.close();
    data.remove();
  });
});
