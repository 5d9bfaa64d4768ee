/**
 * HTTP spans with no path and no query: what Application Insights records of a dependency is
 * its method, host and status, never where it went, and of a request the bot's own route (one
 * of a fixed few, which name nothing) and no query. Cosmos DB's point reads put a document's id
 * in the path (`/dbs/…/colls/profiles/docs/<object id>`), the Bot Connector's calls carry
 * conversation ids, and an export's download link is a token in the query.
 */

/** The bot's own routes: a request's path is kept only when it is one of these. */
const OWN_ROUTES = /^\/(api\/messages|healthz|readyz|about|privacy|terms|exports\/(responses|dictionary)\.csv)$/;
const SERVER = 1;

/** The span attributes that hold a URL or part of one (OpenTelemetry's old and stable HTTP conventions). */
const FULL_URLS = ['http.url', 'url.full'] as const;
const PATHS = ['http.target', 'url.path', 'http.route'] as const;
const QUERIES = ['url.query'] as const;

type Attributes = Record<string, unknown>;

/** Each URL attribute with its path and query taken out (a full URL keeps its scheme and host; a request to one of the bot's routes, its path). */
export function redactUrlAttributes(attributes: Attributes, incoming = false): Attributes {
  const out: Attributes = {};
  const kept = (path: string) => (incoming && OWN_ROUTES.test(path) ? path : '');
  for (const key of FULL_URLS) {
    const value = attributes[key];
    if (typeof value !== 'string') continue;
    try {
      const url = new URL(value);
      out[key] = `${url.origin}${kept(url.pathname)}`;
    } catch {
      out[key] = '';
    }
  }
  for (const key of PATHS) {
    const value = attributes[key];
    if (typeof value === 'string') out[key] = kept(value.split('?')[0]!) || '/';
  }
  for (const key of QUERIES) if (typeof attributes[key] === 'string') out[key] = '';
  return out;
}

/** The shape of an OpenTelemetry span as a span processor sees it, as far as this needs. */
interface SpanLike {
  readonly name: string;
  /** 1 for a request the bot serves, 2 for one it makes (OpenTelemetry's SpanKind). */
  readonly kind?: number;
  readonly attributes: Attributes;
  setAttribute?(key: string, value: string): unknown;
  updateName?(name: string): unknown;
}

/** A span processor (OpenTelemetry's interface) that redacts every HTTP span's URL, at its start and again at its end. */
export const urlRedactingSpanProcessor = {
  onStart(span: SpanLike): void {
    if (!span.attributes) return;
    const incoming = span.kind === SERVER;
    for (const [key, value] of Object.entries(redactUrlAttributes(span.attributes, incoming))) span.setAttribute?.(key, String(value));
    // A span named with its path ("GET /dbs/…/docs/<id>") keeps its method, and a route of the bot's own.
    const [method, path = ''] = span.name.split(' ');
    if (/^[A-Z]+$/.test(method ?? '') && path.startsWith('/') && !(incoming && OWN_ROUTES.test(path.split('?')[0]!))) span.updateName?.(method!);
  },
  onEnd(span: SpanLike): void {
    if (!span.attributes) return;
    // Attributes set after the start (a redirect's URL, the route) are redacted in place: the span has ended, so it can no longer be set.
    Object.assign(span.attributes, redactUrlAttributes(span.attributes, span.kind === SERVER));
  },
  forceFlush: async (): Promise<void> => {},
  shutdown: async (): Promise<void> => {},
};
