import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * An HTTPS proxy in front of the Cosmos DB test server that can make it misbehave the ways
 * Cosmos DB does: 429 Too Many Requests with x-ms-retry-after-ms (the SDK retries those
 * itself, then gives up), an outage (connections refused mid-request), or a bulk request
 * answered 207 Multi-Status with every operation in it throttled (429, substatus 3200, as a
 * busy partition answers bulk work), none of them done, or a connection dropped under one
 * request (as a keep-alive connection closed by the far end at the moment it is reused).
 * Loopback only.
 */
export type FaultMode =
  | { kind: 'none' }
  | { kind: 'throttle'; remaining: number }
  | { kind: 'throttle-in-bulk'; remaining: number }
  /** The connection drops under requests of this method (only bulk requests, if `bulk`), after `skip` of them go through. */
  | { kind: 'hang-up'; method: string; bulk?: boolean; skip: number; remaining: number }
  | { kind: 'down' };

export class CosmosFaultProxy {
  mode: FaultMode = { kind: 'none' };
  throttled = 0;
  /** Operations refused inside bulk requests ('throttle-in-bulk'). */
  throttledInBulk = 0;
  private server: https.Server | undefined;

  constructor(private readonly upstream: string) {}

  get endpoint(): string {
    return `https://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    const dir = path.dirname(require.resolve('@vercel/cosmosdb-server/package.json'));
    const target = new URL(this.upstream);
    const agent = new https.Agent({ rejectUnauthorized: false, keepAlive: true });
    this.server = https.createServer({ cert: fs.readFileSync(path.join(dir, 'cert.pem')), key: fs.readFileSync(path.join(dir, 'key.pem')) }, (req, res) => {
      if (this.mode.kind === 'down') {
        req.socket.destroy();
        return;
      }
      const bulk = String(req.headers['x-ms-cosmos-is-batch-request']).toLowerCase() === 'true';
      if (this.mode.kind === 'hang-up' && req.method === this.mode.method && (!this.mode.bulk || bulk)) {
        if (this.mode.skip > 0) this.mode.skip--;
        else if (this.mode.remaining > 0) {
          this.mode.remaining--;
          req.socket.destroy();
          return;
        }
      }
      if (this.mode.kind === 'throttle' && this.mode.remaining > 0) {
        this.mode.remaining--;
        this.throttled++;
        req.resume();
        res.writeHead(429, { 'content-type': 'application/json', 'x-ms-retry-after-ms': '5', 'x-ms-request-charge': '0' });
        res.end(JSON.stringify({ code: 'TooManyRequests', message: 'Request rate is large.' }));
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        if (this.mode.kind === 'throttle-in-bulk' && this.mode.remaining > 0 && bulk) {
          this.mode.remaining--;
          const operations = JSON.parse(body.toString()) as unknown[];
          this.throttledInBulk += operations.length;
          res.writeHead(207, { 'content-type': 'application/json', 'x-ms-request-charge': '0' });
          res.end(JSON.stringify(operations.map(() => ({ statusCode: 429, subStatusCode: 3200, requestCharge: 0, retryAfterMilliseconds: 5 }))));
          return;
        }
        const headers: Record<string, unknown> = { ...req.headers, host: target.host, 'content-length': String(body.length) };
        for (const hop of ['connection', 'keep-alive', 'transfer-encoding']) delete headers[hop];
        const forward = https.request(
          { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: headers as never, agent },
          (upstream) => {
            const { connection: _c, 'transfer-encoding': _t, ...back } = upstream.headers;
            res.writeHead(upstream.statusCode ?? 502, back);
            upstream.pipe(res);
          },
        );
        forward.on('error', () => res.destroy());
        forward.end(body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
