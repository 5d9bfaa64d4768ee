import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The Bot Framework's token side, on loopback: an OpenID metadata document and a JWKS with one
 * RSA key endorsed for msteams, as login.botframework.com publishes them, and tokens signed
 * with that key (or another). botbuilder's own JWT validation is pointed here with its
 * ToBotFromChannelOpenIdMetadataUrl setting, so what the tests exercise is botbuilder's code.
 */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

export interface TokenClaims {
  readonly iss?: string;
  readonly aud?: string;
  readonly serviceurl?: string;
  readonly exp?: number;
  readonly nbf?: number;
}

export interface FakeIdentity {
  readonly metadataUrl: string;
  /** A token as the Bot Framework signs one, for `appId` and `serviceUrl`; `changes` alter its claims. */
  token(appId: string, serviceUrl: string, changes?: TokenClaims & { signedBy?: 'ours' | 'stranger' }): string;
  /** How many times botbuilder fetched the keys. */
  readonly keyFetches: () => number;
  close(): Promise<void>;
}

const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64url');

function signJwt(header: object, claims: object, key: KeyObject): string {
  const body = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}`;
  const signature = createSign('RSA-SHA256').update(body).sign(key);
  return `${body}.${b64(signature)}`;
}

export async function startFakeIdentity(): Promise<FakeIdentity> {
  const ours = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'ahp-pulse-test-key';
  const jwk = ours.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  let fetches = 0;
  const server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.end(JSON.stringify({ issuer: BOT_FRAMEWORK_ISSUER, jwks_uri: `${base}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (req.url === '/v1/.well-known/keys') {
      fetches++;
      res.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    metadataUrl: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`,
    token: (appId, serviceUrl, changes = {}) => {
      const now = Math.floor(Date.now() / 1000);
      const { signedBy = 'ours', ...claims } = changes;
      const payload = { iss: BOT_FRAMEWORK_ISSUER, aud: appId, serviceurl: serviceUrl, nbf: now - 60, exp: now + 3600, ...claims };
      return signJwt({ alg: 'RS256', typ: 'JWT', kid }, payload, signedBy === 'ours' ? ours.privateKey : stranger.privateKey);
    },
    keyFetches: () => fetches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
