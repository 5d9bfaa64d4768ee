import type { Delivery } from '../../../domain/delivery';
import { PulseError } from '../../../domain/errors';
import type { Poll } from '../../../domain/poll';
import { repairPostingsIn } from '../posting-repair';
import type { CosmosContext, Doc } from './internal/context';
import { cosmosId } from './internal/ids';

/**
 * Data migrations for Cosmos DB, which has no schema version of its own: each runs once per
 * database, at start-up, and is recorded by a marker in the claims container when it has
 * finished. Each is idempotent, so two instances starting together, or one that dies half-way,
 * only repeat harmless work.
 */
export async function migrateCosmos(ctx: CosmosContext): Promise<void> {
  await once(ctx, 'migration:posting-activity-ids', () => repairStoredPostings(ctx));
}

async function once(ctx: CosmosContext, name: string, work: () => Promise<void>): Promise<void> {
  const id = cosmosId(name);
  if (await ctx.read('claims', id, id)) return;
  await work();
  // False when another instance finished it first: the work is idempotent, so that is fine.
  await ctx.createOnce('claims', { id, doc: { kind: 'migration', name, doneAt: new Date().toISOString() } });
}

/** Postings whose activity id is the thread's id (see repairPosting), in polls and in the outbox. */
async function repairStoredPostings(ctx: CosmosContext): Promise<void> {
  const polls = await ctx.query<{ id: string }>('polls', 'SELECT c.id FROM c WHERE ARRAY_LENGTH(c.doc.postings) > 0', {});
  for (const { id } of polls) await repair<Poll>(ctx, 'polls', id, id);
  const deliveries = await ctx.query<{ id: string; pollId: string }>(
    'deliveries',
    'SELECT c.id, c.pollId FROM c WHERE IS_DEFINED(c.doc.sent) OR IS_DEFINED(c.doc.posting)',
    {},
  );
  for (const { id, pollId } of deliveries) await repair<Delivery>(ctx, 'deliveries', id, pollId);
}

/** Rewrites one document's postings, If-Match what was read; a document changed meanwhile is read again. */
async function repair<T extends Poll | Delivery>(ctx: CosmosContext, name: 'polls' | 'deliveries', id: string, partition: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await ctx.read<T>(name, id, partition);
    const repaired = current && repairPostingsIn(current.doc.doc);
    if (!current || !repaired) return;
    const body: Doc<T> = { ...current.doc, doc: repaired };
    if (await ctx.replaceIf(name, body, partition, current.etag)) return;
  }
  throw new PulseError(
    'ahp_pulse_changed_meanwhile',
    `The ${name} document ${id} kept changing while its postings were being repaired; start the bot again to finish the migration.`,
  );
}
