import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { withCorrelation } from '../../src/observability/correlation';
import { createLogger } from '../../src/observability/logger';
import { redactingLogger } from '../../src/observability/redacting-logger';

/** The pino logger, writing to a stream the test reads. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, destination };
}

describe('The logger (pino)', () => {
  it('writes one JSON object a line: ISO time, the level by name, the message, the fields', () => {
    const { lines, destination } = capture();
    createLogger('info', { destination }).info('Poll closed', { pollId: 'p1a2b3c4d5' });
    assert.equal(lines.length, 1);
    assert.match(String(lines[0]!.time), /^\d{4}-\d\d-\d\dT/);
    assert.equal(lines[0]!.level, 'info');
    assert.equal(lines[0]!.msg, 'Poll closed');
    assert.equal(lines[0]!.pollId, 'p1a2b3c4d5');
  });

  it('redacts names and text, and with redactingLogger turns object ids and Teams user ids into pseudonyms', () => {
    const { lines, destination } = capture();
    const logger = redactingLogger(createLogger('debug', { destination }), (id) => `pn:${id.length}`);
    logger.warn('Saw 0b1c0000-0000-4000-8000-000000000abc', {
      name: 'Sam Physio',
      from: { id: '29:1abc-def', name: 'Sam Physio', aadObjectId: '0B1C0000-0000-4000-8000-000000000ABC' },
      text: 'my words',
      tenantId: '72f988bf-0000-4000-8000-00000000a11e',
    });
    const line = JSON.stringify(lines[0]);
    assert.doesNotMatch(line, /Sam Physio|my words|0b1c0000|29:1abc/i);
    assert.match(line, /pn:/);
    assert.match(line, /72f988bf-0000-4000-8000-00000000a11e/, 'a tenant id is an organisation’s, and kept');
  });

  it('adds the correlation id of the turn or delivery it is logged in, and nothing outside one', async () => {
    const { lines, destination } = capture();
    const logger = createLogger('info', { destination });
    await withCorrelation('turn-1', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.info('inside');
    });
    logger.info('outside');
    assert.equal(lines[0]!.correlationId, 'turn-1');
    assert.equal(lines[1]!.correlationId, undefined);
  });

  it('forwards each line at or above its level to telemetry, and nothing below', () => {
    const { destination } = capture();
    const forwarded: string[] = [];
    const logger = createLogger('warn', { destination, forward: (level, message) => forwarded.push(`${level}:${message}`) });
    logger.info('quiet');
    logger.error('loud');
    assert.deepEqual(forwarded, ['error:loud']);
  });
});
