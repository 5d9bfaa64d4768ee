import type { Logger } from '../application/ports/logger';

/** Fields that hold what people wrote or are called: dropped from logs whatever their value. */
export const PERSONAL_FIELDS: readonly string[] = ['name', 'userName', 'text', 'displayName', 'email', 'upn'];
const PERSONAL = new Set(PERSONAL_FIELDS);
/** Fields that are ids of organisations, not people: kept. */
const KEPT_FIELDS = new Set(['tenantId', 'allowedTenantIds']);
const GUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const TEAMS_USER_ID = /\b29:[\w-]+/g;
const MAX_DEPTH = 6;

/**
 * Logs carry no names and no raw object ids: every Entra object id (a GUID) and Teams user id
 * ("29:…") in a log line becomes the person's keyed pseudonym (the one audit records use, so
 * an operator can follow one person across both without learning who they are), and fields
 * that hold names or text are dropped. Tenant ids are kept: they name organisations.
 */
export function redactingLogger(inner: Logger, pseudonym: (id: string) => string): Logger {
  const clean = (value: unknown, key: string, depth: number): unknown => {
    if (PERSONAL.has(key)) return '[redacted]';
    if (KEPT_FIELDS.has(key)) return value;
    if (typeof value === 'string') return value.replace(GUID, (id) => pseudonym(id)).replace(TEAMS_USER_ID, (id) => pseudonym(id));
    if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
    if (value instanceof Error) {
      return {
        name: value.name,
        message: clean(value.message, 'message', depth + 1),
        code: (value as { code?: unknown }).code,
        stack: clean(value.stack ?? '', 'stack', depth + 1),
      };
    }
    if (Array.isArray(value)) return value.map((v) => clean(v, key, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v, k, depth + 1)]));
  };
  const at =
    (level: keyof Logger) =>
    (message: string, fields?: Record<string, unknown>): void =>
      inner[level](clean(message, 'msg', 0) as string, fields ? (clean(fields, '', 0) as Record<string, unknown>) : undefined);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
