import assert from 'node:assert/strict';
import { csvField, dictionaryCsv, EXPORT_COLUMNS, professionsShown, responseRow } from '../../src/application/digest/export-csv';
import { checkExportToken, exportToken } from '../../src/application/digest/export-responses';
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

  it('writes an anonymous response with no id, no name, no day or time (the week only) and no count of changes; a named one with all', () => {
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
      ['respondent_id', 'respondent_name', 'answered_on', 'answered_at', 'changes', 'profession'].map((c) => col(anonymous, c)),
      ['', '', '', '', '', ''],
      'and no profession unless the poll has K of it',
    );
    assert.equal(col(anonymous, 'answered_week'), '2026-11-23', 'the UK week (23:30 UTC on Tuesday 24 November is still that week)');
    assert.deepEqual(
      ['respondent_id', 'respondent_name', 'answered_on', 'answered_at', 'changes'].map((c) => col(named, c)),
      ['00000000-0000-4000-8000-000000000001', 'Sam', '2026-11-24', '2026-11-24T23:30:00.000Z', '1'],
    );
    const sharedByK = responseRow(pollOf('rank', { id: 'pa', anonymous: true }), response, () => true)
      .trimEnd()
      .split(',');
    assert.equal(col(sharedByK, 'profession'), 'paramedic', 'where the poll has K of it');
    assert.deepEqual(
      ['rank_1', 'rank_2', 'rank_3'].map((c) => col(anonymous, c)),
      ['access', 'ahp-identity', 'full-potential'],
    );
    // A poll in a lead's own words: its option ids are its own, so the row also gives the words the card showed.
    const own = pollOf('single', {
      id: 'po',
      anonymous: true,
      options: [
        { id: 'o1', label: 'Transport' },
        { id: 'o2', label: 'Opening hours' },
      ],
      priorityIds: [],
    });
    const ownRow = responseRow(own, { ...response, pollId: 'po', value: { kind: 'single', optionId: 'o2' } })
      .trimEnd()
      .split(',');
    assert.equal(col(ownRow, 'choice'), 'o2');
    assert.equal(col(ownRow, 'answer_words'), 'Opening hours');
    assert.equal(col(ownRow, 'profession'), '', 'the same anonymity rules');
  });

  it("shows an anonymous poll's professions only where K or more share one, hiding more where the rest would give a smaller group away", () => {
    // The pen test's case: 4 physiotherapists and 1 orthoptist, K = 5: neither shows.
    assert.deepEqual(
      [
        ...professionsShown(
          new Map([
            ['physiotherapist', 4],
            ['orthoptist', 1],
          ]),
          5,
        ),
      ],
      [],
    );
    // 10 physiotherapists and 1 orthoptist: the 10 would leave the orthoptist as the rest, so they go too.
    assert.deepEqual(
      [
        ...professionsShown(
          new Map([
            ['physiotherapist', 10],
            ['orthoptist', 1],
          ]),
          5,
        ),
      ],
      [],
    );
    // 12, 8 and 3 not stated: the 3 would be the rest of the 8, so the 8 goes; the 12 stays.
    assert.deepEqual(
      [
        ...professionsShown(
          new Map([
            ['physiotherapist', 12],
            ['paramedic', 8],
            ['', 3],
          ]),
          5,
        ),
      ],
      ['physiotherapist'],
    );
    assert.deepEqual(
      [
        ...professionsShown(
          new Map([
            ['physiotherapist', 12],
            ['paramedic', 8],
          ]),
          5,
        ),
      ].sort(),
      ['paramedic', 'physiotherapist'],
    );
  });

  it('says in the data dictionary that open text can name its writer', () => {
    assert.match(dictionaryCsv(), /can name its writer/);
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
