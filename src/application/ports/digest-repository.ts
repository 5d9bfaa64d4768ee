import type { DigestPublication } from '../../domain/publication';

/** Published digests: one record a week, created once however many instances try. */
export interface DigestRepository {
  /** Records the week's publication; false (and nothing changed) when it is already recorded. */
  create(publication: DigestPublication): Promise<boolean>;
  get(weekId: string): Promise<DigestPublication | undefined>;
  /** The most recent first. */
  list(limit: number): Promise<DigestPublication[]>;
  /** Saves `publication` (version `expectedVersion + 1`) only if the stored version is still `expectedVersion`. */
  update(publication: DigestPublication, expectedVersion: number): Promise<boolean>;
}
