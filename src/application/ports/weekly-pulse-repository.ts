import type { WeeklyPulse } from '../../domain/weekly';

/** Weekly pulses: a versioned record each, so each week is launched once however many instances tick. */
export interface WeeklyPulseRepository {
  create(pulse: WeeklyPulse): Promise<void>;
  get(id: string): Promise<WeeklyPulse | undefined>;
  list(): Promise<WeeklyPulse[]>;
  /** Saves `pulse` (version `expectedVersion + 1`) only if the stored version is still `expectedVersion`. */
  update(pulse: WeeklyPulse, expectedVersion: number): Promise<boolean>;
}
