import type { DatabaseSync } from 'node:sqlite';
import type { WeeklyPulseRepository } from '../../../application/ports/weekly-pulse-repository';
import type { WeeklyPulse } from '../../../domain/weekly';
import { type Guard, parseOptionalRow, parseRow } from './internal/rows';

/** Weekly pulses: each week is claimed by a versioned update, so it is launched once. */
export function sqliteWeeklyPulses(db: DatabaseSync, guard: Guard): WeeklyPulseRepository {
  return {
    create: async (pulse) =>
      guard(() => {
        db.prepare('INSERT INTO weekly_pulses (id, version, body) VALUES (?, ?, ?)').run(pulse.id, pulse.version, JSON.stringify(pulse));
      }),
    get: async (id) =>
      guard(() => {
        const row = db.prepare('SELECT body FROM weekly_pulses WHERE id = ?').get(id) as { body: string } | undefined;
        return parseOptionalRow<WeeklyPulse>(row);
      }),
    list: async () => guard(() => (db.prepare('SELECT body FROM weekly_pulses ORDER BY id').all() as { body: string }[]).map(parseRow<WeeklyPulse>)),
    update: async (pulse, expectedVersion) =>
      guard(
        () =>
          Number(
            db
              .prepare('UPDATE weekly_pulses SET version = ?, body = ? WHERE id = ? AND version = ?')
              .run(pulse.version, JSON.stringify(pulse), pulse.id, expectedVersion).changes,
          ) === 1,
      ),
  };
}
