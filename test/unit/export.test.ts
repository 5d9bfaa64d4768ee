import assert from 'node:assert/strict';
import { checkExportToken, csvField, dictionaryCsv, EXPORT_COLUMNS, exportToken, responseRow } from '../../src/application/digest/export-responses';
import { pollOf } from '../support/poll-fixtures';

const SECRET = 'x'.repeat(32);
const NOW = new Date('2026-11-24T10:00:00Z');

describe('Exports', () => {
  it('quotes CSV fields that need it, and never lets a spreadsheet read a field as a formula', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a, b'), '"a, b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('=HYPERLINK("http://evil","x")'), `"'=HYPERLINK(""http://evil"",""x"")"`);
    for (const start of ['+', '-', '@', '\t']) assert.equal(csvField(`${start}1`).replace(/"/g, '').startsWith("'"), true, start);
    // Spreadsheets skip leading spaces, non-breaking ones included, before they look for a formula.
    for (const lead of [' ', '   ', '\u00a0', ' \u00a0 ', '\u2007', '\u3000']) {
      assert.equal(csvField(`${lead}=1+1`).replace(/"/g, '').startsWith("'"), true, JSON.stringify(lead));
    }
    assert.equal(csvField(' plain'), ' plain', 'a leading space alone changes nothing');
  });

  it('writes an anonymous response with no id, no name and no time of day; a named one with all three', () => {
    const response = {
      pollId: 'pa',
      respondentKey: 'anon:hash',
      aadObjectId: '00000000-0000-4000-8000-000000000001',
      name: 'Sam',
      profession: 'paramedic',
      value: { kind: 'rank' as const, ranked: ['access', 'ahp-identity', 'full-potential'] },
      answeredAt: '2026-11-24T23:30:00.000Z',
      firstAnsweredAt: '2026-11-24T23:30:00.000Z',
      revision: 1,
    };
    const anonymous = responseRow(pollOf('rank', { id: 'pa', anonymous: true }), response)
      .trimEnd()
      .split(',');
    const named = responseRow(pollOf('rank', { id: 'pa', anonymous: false }), response)
      .trimEnd()
      .split(',');
    const col = (row: string[], name: string) => row[EXPORT_COLUMNS.findIndex(([c]) => c === name)];
    assert.deepEqual(
      ['respondent_id', 'respondent_name', 'answered_at'].map((c) => col(anonymous, c)),
      ['', '', ''],
    );
    assert.equal(col(anonymous, 'answered_on'), '2026-11-24', 'the UK date');
    assert.deepEqual(
      ['respondent_id', 'respondent_name', 'answered_at'].map((c) => col(named, c)),
      ['00000000-0000-4000-8000-000000000001', 'Sam', '2026-11-24T23:30:00.000Z'],
    );
    assert.deepEqual(
      ['rank_1', 'rank_2', 'rank_3', 'changes', 'profession'].map((c) => col(anonymous, c)),
      ['access', 'ahp-identity', 'full-potential', '1', 'paramedic'],
    );
  });

  it('describes every column in the data dictionary', () => {
    const lines = dictionaryCsv().trim().split('\r\n');
    assert.equal(lines[0], 'column,meaning,values');
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(',')[0]),
      EXPORT_COLUMNS.map(([c]) => c),
    );
  });

  it('accepts its own link until it expires, and refuses a changed one or one signed with another secret', () => {
    const claims = { s: { kind: 'poll' as const, id: 'pa' }, u: 'lead', e: NOW.getTime() + 60_000, f: 'responses.csv' as const, n: 'once' };
    const token = exportToken(SECRET, claims);
    assert.deepEqual(checkExportToken(SECRET, token, NOW), { ok: true, claims });
    assert.equal((checkExportToken(SECRET, token, new Date(NOW.getTime() + 61_000)) as { status: number }).status, 410);
    const [payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, s: { kind: 'week', id: '2026-11-16' } })).toString('base64url');
    assert.equal((checkExportToken(SECRET, `${forged}.${signature}`, NOW) as { status: number }).status, 403);
    assert.equal((checkExportToken('y'.repeat(32), token, NOW) as { status: number }).status, 403);
    assert.equal((checkExportToken(SECRET, `${payload}`, NOW) as { status: number }).status, 403);
    assert.equal((checkExportToken(SECRET, '', NOW) as { status: number }).status, 403);
  });
});
