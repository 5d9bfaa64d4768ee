import type { AddressInfo } from 'node:net';
import restify from 'restify';
import type { DownloadSink } from '../../application/ports/download-sink';
import type { Logger } from '../../application/ports/logger';
import { PulseError } from '../../domain/errors';

export const MAX_BODY_BYTES = 256 * 1024;
const READY_TIMEOUT_MS = 2_000;

/**
 * The socket limits, so that neither many nor slow senders can hold the process: Node's
 * defaults let a client take 60 s to send its headers and 5 minutes for its body, on as many
 * sockets as it opens. Teams sends a whole activity at once, from a few connections.
 */
export const SOCKET_LIMITS = {
  /** Open sockets at once; past this, new ones are closed as they arrive. */
  maxConnections: 1_000,
  /** A request's headers must have arrived within this. */
  headersTimeoutMs: 10_000,
  /** A request, body and all, must have arrived within this. */
  requestTimeoutMs: 30_000,
  /** An idle kept-alive socket is closed after this. */
  keepAliveTimeoutMs: 5_000,
  /** How often Node looks for requests past those timeouts (its default is 30 s). */
  checkEveryMs: 1_000,
} as const;

export interface HttpServerDeps {
  /** POST /api/messages: the Teams adapter's handler, given restify's request and response. */
  readonly messages: (req: restify.Request, res: restify.Response) => Promise<void>;
  /** Resolves when the service can do its work (the store answers); rejects with why not. */
  readonly ready: () => Promise<void>;
  readonly logger: Logger;
  /**
   * Whether a refused request may be told exactly why (a body that is not JSON, say). Off once
   * authentication is on: the caller is not authenticated yet, so the detail goes to the log only.
   */
  readonly detailedErrors: boolean;
  /** GET /exports/:file?link=<signed link>: a short-lived export download (see application/digest/export-responses). */
  readonly download?: (token: string, file: string, sink: DownloadSink) => Promise<void>;
  /**
   * GET /about, /privacy, /terms: the pages the Teams app's manifest links to (developer
   * website, privacy statement, terms of use), as plain text. Each maps a path to its text.
   */
  readonly pages?: Readonly<Record<string, () => string>>;
  /**
   * How a JSON reply is written: exactly the text of `JSON.stringify(body)` (a Buffer holds it
   * as UTF-8), faster where it can be (an answer's card drawn from parts already serialised:
   * cards/card-json.ts).
   */
  readonly json?: (body: unknown) => string | Buffer;
}

export interface RunningServer {
  readonly port: number;
  readonly url: string;
  /** Stops accepting, lets in-flight requests finish (up to graceMs), then closes every socket. */
  close(graceMs: number): Promise<void>;
}

/**
 * The HTTP edge: /api/messages for Teams, /healthz (the process is alive) and /readyz (it
 * can reach its store). It knows nothing of Bot Framework; it is handed a handler.
 */
export async function startHttpServer(deps: HttpServerDeps, port: number, host: string): Promise<RunningServer> {
  const json = deps.json;
  const server = restify.createServer({
    name: 'ahp-pulse',
    handleUncaughtExceptions: false,
    ...(json ? { formatters: { 'application/json; q=0.4': jsonFormatter(json) } } : {}),
  } as restify.ServerOptions);
  server.server.maxConnections = SOCKET_LIMITS.maxConnections;
  server.server.headersTimeout = SOCKET_LIMITS.headersTimeoutMs;
  server.server.requestTimeout = SOCKET_LIMITS.requestTimeoutMs;
  server.server.keepAliveTimeout = SOCKET_LIMITS.keepAliveTimeoutMs;
  // Read by Node when the server starts listening.
  (server.server as unknown as { connectionsCheckingInterval: number }).connectionsCheckingInterval = SOCKET_LIMITS.checkEveryMs;
  let inFlight = 0;
  let draining = false;
  const idle: (() => void)[] = [];

  server.pre((_req: restify.Request, res: restify.Response, next: restify.Next) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) for (const resolve of idle.splice(0)) resolve();
    });
    if (draining) res.setHeader('Connection', 'close');
    next();
  });
  // The Bot Connector sends bodies uncompressed. restify's body parser would inflate a gzip or
  // deflate body with no limit (its size limit counts the compressed bytes), before any check of
  // who sent it: 249 KB on the wire can become 250 MB in memory. So any content encoding but
  // identity is refused before a byte of the body is read, and the socket is closed after.
  server.pre((req: restify.Request, res: restify.Response, next: restify.Next) => {
    const encoding = String(req.headers['content-encoding'] ?? 'identity')
      .trim()
      .toLowerCase();
    if (encoding === 'identity' || encoding === '') {
      delete req.headers['content-encoding']; // restify's reader refuses even "identity"
      return next();
    }
    res.setHeader('Connection', 'close');
    res.send(415, { code: 'UnsupportedMediaType', message: 'Send the body uncompressed: no Content-Encoding is accepted.' });
    return next(false);
  });
  server.use(restify.plugins.jsonBodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false } as restify.plugins.BodyParserOptions));

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await deps.messages(req, res);
  });
  if (deps.download) {
    const download = deps.download;
    // Opening a link (GET) shows a page and spends nothing: Safe Links, link previews and other
    // scanners open every link they see, and would use up a single-use one. Its button POSTs the
    // link back, and that downloads. The link rides in the query (find-my-way caps path
    // parameters at 100 characters), and in the form.
    server.get('/exports/:file', async (req: restify.Request, res: restify.Response) => {
      const link = new URL(req.url ?? '', 'http://localhost').searchParams.get('link') ?? '';
      const file = String(req.params.file ?? '');
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      });
      res.end(downloadPage(file, link));
    });
    server.post('/exports/:file', async (req: restify.Request, res: restify.Response) => {
      const sink: DownloadSink = {
        fail: (status, message) => {
          res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
          res.end(`${message}\n`);
        },
        start: (fileName) => {
          res.writeHead(200, {
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition': `attachment; filename="${fileName}"`,
            'Cache-Control': 'no-store',
            'X-Content-Type-Options': 'nosniff',
          });
          res.write('\ufeff'); // a byte-order mark, so spreadsheets read UTF-8
        },
        write: (chunk) => (res.write(chunk) ? Promise.resolve() : new Promise<void>((resolve) => res.once('drain', () => resolve()))),
        end: () => res.end(),
      };
      const form = new URLSearchParams(typeof req.body === 'string' ? req.body : Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
      const link = form.get('link') ?? new URL(req.url ?? '', 'http://localhost').searchParams.get('link') ?? '';
      try {
        await download(link, String(req.params.file ?? ''), sink);
      } catch (error) {
        deps.logger.error('An export failed', { error });
        if (!res.headersSent) sink.fail(500, 'The export failed; please ask for a new link and try again.');
        else res.destroy();
      }
    });
  }
  for (const [page, text] of Object.entries(deps.pages ?? {})) {
    server.get(`/${page}`, async (_req: restify.Request, res: restify.Response) => {
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.setHeader('x-content-type-options', 'nosniff');
      res.writeHead(200);
      res.end(text());
    });
  }
  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    res.send(200, { status: 'alive' });
  });
  server.get('/readyz', async (_req: restify.Request, res: restify.Response) => {
    if (draining) {
      res.send(503, { status: 'draining' });
      return;
    }
    try {
      await withTimeout(deps.ready(), READY_TIMEOUT_MS);
      res.send(200, { status: 'ready' });
    } catch (error) {
      // The reason names the store's file or endpoint: it goes to the log, not to whoever asked.
      deps.logger.warn('Not ready', { error });
      res.send(503, { status: 'unavailable' });
    }
  });
  server.on('restifyError', (req: restify.Request, _res: restify.Response, error: Error & { statusCode?: number }, callback: () => void) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) deps.logger.error('Request failed', { method: req.method, path: req.path(), error });
    else if (!deps.detailedErrors) {
      deps.logger.warn('A request was refused', { method: req.method, path: req.path(), status, reason: error.message });
      const body = (error as { body?: { message?: string } }).body;
      if (body) body.message = 'The request was refused.';
    }
    callback();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;

  return {
    port: address.port,
    url: `http://${shownHost}:${address.port}`,
    close: async (graceMs) => {
      draining = true;
      const closed = new Promise<void>((resolve) => server.server.close(() => resolve()));
      server.server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((resolve) => idle.push(resolve)), delay(graceMs)]);
      }
      server.server.closeAllConnections();
      await closed;
    },
  };
}

const html = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The page a download link opens: one button that POSTs the link back (what a person clicks, and a scanner does not). */
function downloadPage(file: string, link: string): string {
  const what = file === 'dictionary.csv' ? 'the data dictionary' : 'the responses';
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>AHP Pulse export</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>AHP Pulse export</h1>
<p>This link downloads ${what} as CSV, once. Download it now, on this device; it then stops working.</p>
<form method="post" action="/exports/${html(encodeURIComponent(file))}"><input type="hidden" name="link" value="${html(link)}"><button type="submit">Download ${html(file)}</button></form>
</body></html>
`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    work,
    delay(ms).then(() => {
      throw new PulseError('ahp_pulse_timeout', `no answer within ${ms} ms`);
    }),
  ]);
}

/** restify's JSON formatter (lib/formatters/json.js) with `json` in place of JSON.stringify; anything it cannot write goes to restify's own. */
function jsonFormatter(json: (body: unknown) => string | Buffer): restify.Formatter {
  const fallback = restify.formatters['application/json; q=0.4']!;
  return (req, res, body) => {
    let data: string | Buffer;
    try {
      data = body === undefined ? 'null' : json(body);
    } catch {
      return fallback(req, res, body);
    }
    res.setHeader('Content-Length', typeof data === 'string' ? Buffer.byteLength(data) : data.length);
    return data;
  };
}
