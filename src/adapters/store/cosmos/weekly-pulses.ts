import type { WeeklyPulseRepository } from '../../../application/ports/weekly-pulse-repository';
import type { WeeklyPulse } from '../../../domain/weekly';
import type { CosmosContext, Doc } from './internal/context';
import { cosmosId } from './internal/ids';

/** Weekly pulses, one document each; an update is a replace If-Match the etag read, from the version read. */
export function cosmosWeeklyPulses({ c, guard, read, query, count, replaceIfVersion }: CosmosContext): WeeklyPulseRepository {
  return {
    create: (pulse) =>
      guard(async () => {
        count(await c('weeklyPulses').items.create<Doc<WeeklyPulse>>({ id: cosmosId(pulse.id), doc: pulse, version: pulse.version }));
      }),
    get: (id) => guard(async () => (await read<WeeklyPulse>('weeklyPulses', cosmosId(id), cosmosId(id)))?.doc.doc),
    list: () => guard(async () => (await query<WeeklyPulse>('weeklyPulses', 'SELECT VALUE c.doc FROM c', {})).sort((a, b) => (a.id < b.id ? -1 : 1))),
    update: (pulse, expectedVersion) =>
      guard(() => replaceIfVersion('weeklyPulses', cosmosId(pulse.id), expectedVersion, { id: cosmosId(pulse.id), doc: pulse, version: pulse.version })),
  };
}
