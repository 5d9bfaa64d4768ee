import assert from 'node:assert/strict';
import { redactUrlAttributes, urlRedactingSpanProcessor } from '../../src/observability/url-redaction';

describe('HTTP spans for Application Insights, without paths or queries', () => {
  it('keeps a dependency’s scheme and host only, and a request’s own route with no query', () => {
    const cosmos = {
      'url.full': 'https://acct.documents.azure.com:443/dbs/ahp/colls/profiles/docs/5a3e0000-0000-4000-8000-00000000e7a5',
      'http.target': '/dbs/x',
    };
    assert.deepEqual(redactUrlAttributes(cosmos), { 'url.full': 'https://acct.documents.azure.com', 'http.target': '/' });
    const download = {
      'url.path': '/exports/responses.csv',
      'url.query': 'link=secret.token',
      'http.url': 'http://bot/exports/responses.csv?link=secret.token',
    };
    assert.deepEqual(redactUrlAttributes(download, true), {
      'http.url': 'http://bot/exports/responses.csv',
      'url.path': '/exports/responses.csv',
      'url.query': '',
    });
    assert.deepEqual(redactUrlAttributes({ 'url.path': '/anything/else/5a3e' }, true), { 'url.path': '/' });
  });

  it('renames a span named by its path to its method, and redacts what was set after its start', () => {
    const set: Record<string, string> = {};
    let name = 'GET /v3/conversations/19:abc/activities/1';
    const span = { name, kind: 2, attributes: { 'url.full': 'https://smba.trafficmanager.net/uk/v3/conversations/19:abc' } as Record<string, unknown> };
    urlRedactingSpanProcessor.onStart({ ...span, setAttribute: (k: string, v: string) => (set[k] = v), updateName: (n: string) => (name = n) });
    assert.deepEqual(set, { 'url.full': 'https://smba.trafficmanager.net' });
    assert.equal(name, 'GET');
    span.attributes['url.full'] = 'https://smba.trafficmanager.net/uk/v3/conversations/19:def';
    urlRedactingSpanProcessor.onEnd(span);
    assert.equal(span.attributes['url.full'], 'https://smba.trafficmanager.net');
  });
});
