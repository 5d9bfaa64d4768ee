import type { PollRepository } from '../../../application/ports/poll-repository';
import type { Poll } from '../../../domain/poll';
import type { CosmosContext, Doc } from './internal/context';
import { cosmosId } from './internal/ids';

/** Polls, partitioned by id: point reads on the answer path, versioned replaces for their state. */
export function cosmosPolls({ c, guard, read, query, count, replaceIfVersion }: CosmosContext): PollRepository {
  const pollDoc = (poll: Poll): Doc<Poll> => ({
    id: cosmosId(poll.id),
    doc: poll,
    status: poll.status,
    closesAt: poll.closesAt,
    reminderDue: poll.reminderAt && !poll.reminderSentAt ? poll.reminderAt : null,
    version: poll.version,
  });

  return {
    create: (poll) =>
      guard(async () => {
        count(await c('polls').items.create(pollDoc(poll)));
      }),
    get: (id) => guard(async () => (await read<Poll>('polls', cosmosId(id), cosmosId(id)))?.doc.doc),
    update: (poll, expectedVersion) => guard(() => replaceIfVersion('polls', cosmosId(poll.id), expectedVersion, pollDoc(poll))),
    listDue: (now) =>
      guard(async () => {
        const due = await query<Poll>(
          'polls',
          "SELECT VALUE c.doc FROM c WHERE c.status = 'open' AND (c.closesAt <= @now OR (c.reminderDue != null AND c.reminderDue <= @now))",
          { '@now': now },
        );
        return due.sort((a, b) => (a.closesAt < b.closesAt ? -1 : a.closesAt > b.closesAt ? 1 : 0));
      }),
    listByAuthor: (aadObjectId, limit) =>
      guard(async () => {
        const found = await query<Poll>('polls', 'SELECT VALUE c.doc FROM c WHERE c.doc.author.aadObjectId = @id', { '@id': aadObjectId.toLowerCase() });
        return found.sort((a, b) => (a.createdAt > b.createdAt ? -1 : a.createdAt < b.createdAt ? 1 : a.id > b.id ? -1 : 1)).slice(0, limit);
      }),
    listOpenBetween: (from, to) =>
      guard(async () => {
        // Closed (or closing) after `from`: closedAt where set (a scheduled close can come late, after
        // closesAt; an early close, before it), else closesAt. pollInWeek's rule, applied again below.
        const found = await query<Poll>(
          'polls',
          'SELECT VALUE c.doc FROM c WHERE c.doc.createdAt < @to AND (c.closesAt > @from OR (IS_DEFINED(c.doc.closedAt) AND c.doc.closedAt > @from))',
          { '@from': from, '@to': to },
        );
        return found
          .filter((p) => (p.closedAt ?? p.closesAt) > from)
          .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
      }),
  };
}
