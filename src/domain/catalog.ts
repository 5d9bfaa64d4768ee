import { PulseError } from './errors';

/**
 * The draft priorities, the professions and the workforce. content/*.json seeds them; admins
 * then edit the priorities and the workforce figures in the bot (application/content), and the
 * store keeps them. A bad entry in a file stops start-up with an error naming the file and entry.
 */

export type RaisedBy = 'citizens' | 'ahps';

export interface Priority {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly raisedBy: readonly RaisedBy[];
  /**
   * What it covers, in the words people use ("waiting lists", "referrals"): with the title and
   * description, the words that tie an open answer to it (domain/priority-matcher.ts).
   */
  readonly covers?: readonly string[];
  /** When an admin retired it: no new poll offers it, and its history stays in trends and past digests. */
  readonly retiredAt?: string;
}

export interface Profession {
  readonly id: string;
  readonly title: string;
}

export interface Catalog {
  readonly priorities: readonly Priority[];
  readonly professions: readonly Profession[];
  /** The workforce by profession (content/workforce.json). */
  readonly workforce: Workforce;
}

export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_TITLE = 80;
const MAX_DESCRIPTION = 240;
export const MAX_COVERS = 20;
export const MAX_COVER = 40;

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
      ...coversOf(entry, source, name),
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

function coversOf(entry: Record<string, unknown>, source: string, name: string): { covers?: readonly string[] } {
  const covers = entry.covers;
  if (covers === undefined) return {};
  if (
    !Array.isArray(covers) ||
    covers.length > MAX_COVERS ||
    !covers.every((c) => typeof c === 'string' && c.trim() !== '' && c.length <= MAX_COVER && !/[\r\n,]/.test(c))
  ) {
    throw new CatalogError(source, name, `has "covers" that is not a list of up to ${MAX_COVERS} topics, each 1 to ${MAX_COVER} characters without a comma.`);
  }
  return { covers: [...new Set(covers.map((c: string) => c.trim()))] };
}

/** A priority's words as one text, for the language library: its title, description and what it covers. */
export function priorityText(priority: Priority): string {
  return [priority.title, priority.description, ...(priority.covers ?? [])].join('. ');
}

/** The priorities a new poll may offer or be about: every one not retired. */
export function activePriorities(catalog: Catalog): readonly Priority[] {
  return catalog.priorities.filter((p) => !p.retiredAt);
}

export function priorityById(catalog: Catalog, id: string): Priority | undefined {
  return catalog.priorities.find((p) => p.id === id);
}

/**
 * The AHP workforce by profession (content/workforce.json): what a week's respondents are set
 * against ("who we are not hearing from") and what priority support is reweighted to. A group
 * is one or more professions counted together by the source (the HCPC counts art, drama and
 * music therapists as one); every profession is in exactly one group. Each figure carries its
 * source and date, because leads replace them as better figures come.
 */
export interface WorkforceGroup {
  readonly id: string;
  readonly title: string;
  readonly professions: readonly string[];
  readonly count: number;
  readonly source: string;
  /** "YYYY-MM-DD": the date the figure counts people at. */
  readonly asAt: string;
}

export interface Workforce {
  readonly groups: readonly WorkforceGroup[];
  readonly total: number;
}

const MAX_TEXT = 240;

export function parseWorkforce(json: unknown, source: string, professions: readonly Profession[]): Workforce {
  const raw = (json as Record<string, unknown> | null)?.groups;
  if (!Array.isArray(raw) || raw.length === 0) throw new CatalogError(source, '"groups"', 'must be a non-empty array.');
  const known = new Set(professions.map((p) => p.id));
  const placed = new Map<string, string>();
  const ids = new Set<string>();
  const groups = raw.map((value, index): WorkforceGroup => {
    const entry = (value ?? {}) as Record<string, unknown>;
    const id = entry.id;
    if (typeof id !== 'string' || !ID_PATTERN.test(id))
      throw new CatalogError(source, `group ${index + 1}`, `has id ${JSON.stringify(id)}: use lower-case words joined by hyphens.`);
    if (ids.has(id)) throw new CatalogError(source, `group "${id}"`, 'repeats an id used earlier; ids must be unique.');
    ids.add(id);
    const name = `group "${id}"`;
    const line = (key: string): string => {
      const text = entry[key];
      if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_TEXT || /[\r\n]/.test(text)) {
        throw new CatalogError(source, name, `needs "${key}": one line of text, 1 to ${MAX_TEXT} characters.`);
      }
      return text.trim();
    };
    const members = entry.professions;
    if (!Array.isArray(members) || members.length === 0)
      throw new CatalogError(source, name, 'needs "professions": a list of profession ids from professions.json.');
    for (const member of members) {
      if (typeof member !== 'string' || !known.has(member)) {
        throw new CatalogError(source, name, `names ${JSON.stringify(member)}, which is not a profession in professions.json.`);
      }
      const other = placed.get(member);
      if (other) throw new CatalogError(source, name, `names "${member}", which group "${other}" already counts: each profession belongs to one group.`);
      placed.set(member, id);
    }
    const count = entry.count;
    if (typeof count !== 'number' || !Number.isInteger(count) || count <= 0)
      throw new CatalogError(source, name, 'needs "count": how many people, a whole number above 0.');
    const asAt = entry.asAt;
    if (typeof asAt !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(asAt) || Number.isNaN(Date.parse(`${asAt}T00:00:00Z`))) {
      throw new CatalogError(source, name, 'needs "asAt": the date the figure counts people at, as YYYY-MM-DD.');
    }
    return { id, title: line('title'), professions: [...members] as string[], count, source: line('source'), asAt };
  });
  const missing = professions.filter((p) => !placed.has(p.id)).map((p) => p.id);
  if (missing.length > 0)
    throw new CatalogError(
      source,
      `profession${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}`,
      'must each be in a group: the workforce must cover every profession.',
    );
  return { groups, total: groups.reduce((sum, g) => sum + g.count, 0) };
}

/** The group a profession id is counted in (undefined for "not stated" or an unknown id). */
export function groupOf(workforce: Workforce, professionId: string): WorkforceGroup | undefined {
  return workforce.groups.find((g) => g.professions.includes(professionId));
}
