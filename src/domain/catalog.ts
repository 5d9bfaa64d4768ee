import { PulseError } from './errors';

/**
 * The draft priorities and the professions: data that professional leads edit, read once at
 * start-up. A bad entry stops start-up with an error that names the file and the entry.
 */

export type RaisedBy = 'citizens' | 'ahps';

export interface Priority {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly raisedBy: readonly RaisedBy[];
}

export interface Profession {
  readonly id: string;
  readonly title: string;
}

export interface Catalog {
  readonly priorities: readonly Priority[];
  readonly professions: readonly Profession[];
}

export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_TITLE = 80;
const MAX_DESCRIPTION = 240;

export class CatalogError extends PulseError {
  constructor(source: string, entry: string, problem: string) {
    super('ahp_pulse_catalog_invalid', `${source}: ${entry} ${problem}`);
    this.name = 'CatalogError';
  }
}

function list(json: unknown, key: string, source: string): unknown[] {
  const value = (json as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(value) || value.length === 0) {
    throw new CatalogError(source, `"${key}"`, 'must be a non-empty array.');
  }
  return value;
}

function text(entry: Record<string, unknown>, key: string, max: number, source: string, name: string): string {
  const value = entry[key];
  if (typeof value !== 'string' || value.trim() === '' || value.length > max || /[\r\n]/.test(value)) {
    throw new CatalogError(source, name, `needs "${key}": one line of text, 1 to ${max} characters.`);
  }
  return value.trim();
}

function uniqueId(entry: Record<string, unknown>, index: number, seen: Set<string>, source: string): string {
  const id = entry.id;
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw new CatalogError(source, `entry ${index + 1}`, `has id ${JSON.stringify(id)}: use lower-case words joined by hyphens, e.g. "easier-access".`);
  }
  if (seen.has(id)) throw new CatalogError(source, `entry ${index + 1} ("${id}")`, 'repeats an id used earlier; ids must be unique.');
  seen.add(id);
  return id;
}

export function parsePriorities(json: unknown, source: string): Priority[] {
  const seen = new Set<string>();
  return list(json, 'priorities', source).map((raw, index) => {
    const entry = (raw ?? {}) as Record<string, unknown>;
    const id = uniqueId(entry, index, seen, source);
    const name = `priority "${id}"`;
    const raisedBy = entry.raisedBy;
    if (!Array.isArray(raisedBy) || raisedBy.length === 0 || !raisedBy.every((who) => who === 'citizens' || who === 'ahps')) {
      throw new CatalogError(source, name, 'needs "raisedBy": a list of "citizens" and/or "ahps".');
    }
    return {
      id,
      title: text(entry, 'title', MAX_TITLE, source, name),
      description: text(entry, 'description', MAX_DESCRIPTION, source, name),
      raisedBy: [...new Set(raisedBy as RaisedBy[])],
    };
  });
}

export function parseProfessions(json: unknown, source: string): Profession[] {
  const seen = new Set<string>();
  return list(json, 'professions', source).map((raw, index) => {
    const entry = (raw ?? {}) as Record<string, unknown>;
    const id = uniqueId(entry, index, seen, source);
    return { id, title: text(entry, 'title', MAX_TITLE, source, `profession "${id}"`) };
  });
}

export function priorityById(catalog: Catalog, id: string): Priority | undefined {
  return catalog.priorities.find((p) => p.id === id);
}
