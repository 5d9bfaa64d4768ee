import assert from 'node:assert/strict';
import { winkAnalyser } from '../../src/adapters/nlp/wink-analyser';
import type { PrioritySupport, SupportSums } from '../../src/domain/digest/model';
import { reweightedSupport } from '../../src/domain/digest/representation';
import { priorityTrend } from '../../src/domain/digest/trend';
import { PriorityMatcher } from '../../src/domain/priority-matcher';
import { fixtureDigest, priorityWordsOf, publishedWeek, WEEK } from '../support/digest-fixtures';
import { CONTENT } from '../support/poll-fixtures';

const v = (value: number) => ({ value });
const S = { suppressed: true as const };
const W = { suppressed: true as const, reason: 'derivable' as const };

/**
 * The fixture week of test/support/digest-fixtures.ts, K = 5, against the workforce of
 * content/workforce.json (286,147 people: physiotherapists 75,744, radiographers 48,193,
 * occupational therapists 46,992, paramedics 40,040, SLTs 19,994, ODPs 16,805, dietitians
 * 12,285, podiatrists 11,903, arts therapists 5,903, osteopaths 5,456, orthoptists 1,589,
 * prosthetists and orthotists 1,243). Every figure below is worked out by hand.
 */
describe('Who we are not hearing from (fixture week, K = 5)', () => {
  const digest = fixtureDigest();

  it("sets each profession's share of the week's 80 respondents against its share of the workforce, hidden where participation hides it", () => {
    const rep = digest.representation!;
    // "Profession not stated" (3) is suppressed, so shares are of all 80 (else 77 would give the 3 away).
    assert.equal(rep.base, 'everyone');
    const row = (id: string) => rep.rows.find((r) => r.id === id)!;
    const of = (id: string) => [row(id).respondents, row(id).respondentShare, row(id).workforceShare, row(id).ratio];
    assert.deepEqual(of('physiotherapist'), [v(32), v(40), 26.5, v(1.51)]); // 32/80 = 40%; 75,744/286,147 = 26.47%; 40/26.47
    assert.deepEqual(of('paramedic'), [v(28), v(35), 14, v(2.5)]); // 35/13.99
    assert.deepEqual(of('occupational-therapist'), [v(11), v(13.8), 16.4, v(0.84)]); // 13.75/16.42
    assert.deepEqual(of('dietitian'), [W, W, 4.3, W]); // 6, hidden in participation (it would give the 3 away), and for that reason here
    assert.deepEqual(of('radiographer'), [v(0), v(0), 16.8, v(0)]);
    assert.deepEqual(of('arts-therapists'), [v(0), v(0), 2.1, v(0)]); // art, drama and music therapists: 5,903 together
    assert.equal(rep.rows.length, 12);
  });

  it('names the professions heard least: none heard, the largest part of the workforce first', () => {
    assert.deepEqual(
      digest.representation!.underHeard.map((u) => [u.title, u.note]),
      [
        ['Radiographers', '0% of respondents, 16.8% of the workforce'],
        ['Speech and language therapists', '0% of respondents, 7% of the workforce'],
        ['Operating department practitioners', '0% of respondents, 5.9% of the workforce'],
      ],
    );
  });

  it('reweights priority support to the workforce: weights, effective sample sizes, and the pool of small professions', () => {
    // Strata with 5 or more respondents whose count participation shows: OTs 11, paramedics 28,
    // physios 32 (the 3 not stated are left out). Dietitians (6) are hidden there, so that the 3
    // "not stated" cannot be worked out: they pool with the eight professions that had none, a
    // pool of 6 >= 5, weighted as those nine groups' workforce, 286,147 - 46,992 - 40,040 - 75,744
    // = 123,371 (a stratum of its own would give the hidden 6 away through its weight).
    //   w(OT)        = 46,992/286,147 x 77/11  = 1.1496
    //   w(paramedic) = 40,040/286,147 x 77/28  = 0.3848
    //   w(physio)    = 75,744/286,147 x 77/32  = 0.6369
    //   w(pool)      = 123,371/286,147 x 77/6 = 5.5330
    // Access: poll A (picked it), B (agreed), C (rating, (r-1)/4), as its raw 58 is counted:
    //   physio x = 6 + 8 + (4+4+3)/4 = 16.75 of 23; paramedic 6 + 6 + (3+2+4)/4 = 14.25 of 20;
    //   OT 0 + 4 = 4 of 11; dietitians (the pool) 0 of 6.  Raw 35/60 = 58.
    //   Reweighted (0.6369 x 16.75 + 0.3848 x 14.25 + 1.1496 x 4) / (0.6369 x 23 + 0.3848 x 20 + 1.1496 x 11 + 5.5330 x 6)
    //     = 20.750 / 68.189 = 30.  Effective size 68.189² / (0.4057 x 23 + 0.1481 x 20 + 1.3215 x 11 + 30.614 x 6) = 4649.8 / 210.5 = 22.
    // Optimising care: poll C only: physio (1+2+2)/4 = 1.25 of 3, paramedic (1+3+0)/4 = 1 of 3.
    //   (0.7962 + 0.3848) / (1.9108 + 1.1544) = 39; size 3.0652² / (1.2171 + 0.4442) = 5.66 → 6, just K or more.
    // Joined-up care: poll A: physio 4 of 10, paramedic 0 of 9, OT 4 of 6, dietitian 0 of 4.
    //   (2.5478 + 4.5983) / (6.3694 + 3.4632 + 6.8974 + 22.1321) = 7.146 / 38.862 = 18; size 1510.3 / 135.8 = 11.
    // The three priorities nobody picked in poll A (0 of 29 there, nothing to hide): 0, over the same answers as joined-up care.
    const r = digest.reweighting!;
    assert.deepEqual(
      r.rows.map((row) => [row.id, row.raw, row.reweighted, row.effectiveSize]),
      [
        ['access', v(58), v(30), v(22)],
        ['optimising-care', v(38), v(39), v(6)],
        ['joined-up-care', v(28), v(18), v(11)],
        ['full-potential', v(0), v(0), v(11)],
        ['develop-and-innovate', v(0), v(0), v(11)],
        ['ahp-identity', v(0), v(0), v(11)],
        ['profile-of-roles', W, W, W], // 3 picked it in poll A: hidden, so its support would give them away
      ],
    );
    assert.equal(r.poolLeftOut, false);
    assert.equal(r.pooled.length, 9);
    assert.ok(r.pooled.includes('Dietitians'));
  });

  it('pools professions under K into one stratum when together they reach K, and hides a figure whose effective size is under K', () => {
    // K = 5. Respondents: physios 20, paramedics 5, OTs 2 and SLTs 4 (pooled: 6, with every
    // profession that had none: workforce 286,147 - 75,744 - 40,040 = 170,363).
    //   w(physio) = 75,744/286,147 x 31/20 = 0.41029; w(paramedic) = 40,040/286,147 x 31/5 = 0.86755;
    //   w(pool)   = 170,363/286,147 x 31/6 = 3.07607.
    // "access": physios 10 of 20, paramedics 5 of 5, OTs 0 of 2, SLTs 4 of 4: raw 19/31 = 61;
    //   reweighted (4.1029 + 4.3378 + 12.3043) / 31 = 67; size 31² / (0.16834 x 20 + 0.75264 x 5 + 9.46221 x 6) = 961 / 63.90 = 15.
    // "optimising-care": physios 1 of 3, SLTs 4 of 4 (raw shown, from 7):
    //   size (0.41029 x 3 + 3.07607 x 4)² / (0.16834 x 3 + 9.46221 x 4) = 13.535² / 38.354 = 4.78 < 5: hidden.
    const people = new Map([
      ['physiotherapist', 20],
      ['paramedic', 5],
      ['occupational-therapist', 2],
      ['speech-and-language-therapist', 4],
    ]);
    const sums: SupportSums = new Map([
      [
        'access',
        new Map([
          ['physiotherapist', { x: 10, c: 20 }],
          ['paramedic', { x: 5, c: 5 }],
          ['occupational-therapist', { x: 0, c: 2 }],
          ['speech-and-language-therapist', { x: 4, c: 4 }],
        ]),
      ],
      [
        'optimising-care',
        new Map([
          ['physiotherapist', { x: 1, c: 3 }],
          ['speech-and-language-therapist', { x: 4, c: 4 }],
        ]),
      ],
    ]);
    const raw: PrioritySupport[] = [
      { id: 'access', title: 'Access', support: v(61), polls: 1, asked: 1 },
      { id: 'optimising-care', title: 'Optimising', support: v(71), polls: 1, asked: 1 },
    ];
    const r = reweightedSupport(raw, sums, people, CONTENT.catalog, 5);
    assert.deepEqual(
      r.rows.map((row) => [row.id, row.reweighted, row.effectiveSize]),
      [
        ['access', v(67), v(15)],
        ['optimising-care', S, S],
      ],
    );
    assert.equal(r.poolLeftOut, false);
    assert.ok(r.pooled.includes('Occupational therapists') && r.pooled.includes('Speech and language therapists'));
  });
});

describe('The priorities over time', () => {
  const digest = fixtureDigest();

  it('charts the leading priorities over eight weeks from what each week published, a gap where it showed none', () => {
    const trend = priorityTrend(WEEK, digest.priorities, [
      publishedWeek('2026-10-26', { access: 61 }),
      publishedWeek('2026-11-02', { access: 50 }),
      publishedWeek('2026-11-09', { access: 55, 'optimising-care': 45 }),
    ]);
    assert.deepEqual(trend.weeks, ['2026-09-28', '2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16']);
    assert.deepEqual(
      trend.series.map((s) => [s.id, s.points]),
      [
        ['access', [null, null, null, null, 61, 50, 55, 58]],
        ['optimising-care', [null, null, null, null, null, null, 45, 38]],
        ['joined-up-care', [null, null, null, null, null, null, null, 28]],
        ['full-potential', [null, null, null, null, null, null, null, 0]], // the fourth with a figure: 0, as nobody picked it
      ],
    );
  });

  it("names the biggest movers since each priority's last shown week, and none that did not move", () => {
    const trend = priorityTrend(WEEK, digest.priorities, [
      publishedWeek('2026-11-02', { 'joined-up-care': 20 }),
      publishedWeek('2026-11-09', { access: 55, 'optimising-care': 45, 'joined-up-care': 28 }),
    ]);
    assert.deepEqual(
      trend.movers.map((m) => [m.id, m.from, m.to, m.change, m.sinceWeekId]),
      [
        ['optimising-care', 45, 38, -7, '2026-11-09'],
        ['access', 55, 58, 3, '2026-11-09'],
      ],
    );
    // Joined-up care was suppressed last week: it moved from its last shown week (2 Nov, 20), by 8.
    const skipped = priorityTrend(WEEK, digest.priorities, [publishedWeek('2026-11-02', { 'joined-up-care': 20 }), publishedWeek('2026-11-09', {})]);
    assert.deepEqual(
      skipped.movers.map((m) => [m.id, m.change, m.sinceWeekId]),
      [['joined-up-care', 8, '2026-11-02']],
    );
  });
});

describe('AHPs beside citizens (fixture week, K = 5)', () => {
  const digest = fixtureDigest();

  it("averages AHPs' support for the priorities citizens raised, and for those AHPs raised, over the figures shown", () => {
    assert.deepEqual(
      digest.voices!.backing.map((b) => [b.raisedBy, b.support, b.shown, b.raised]),
      [
        ['citizens', v(29), 3, 4], // access 58, joined-up care 28 and full potential 0: 86 / 3 (profile of roles hidden)
        ['ahps', v(13), 3, 3], // optimising care 38, develop and innovate 0, the AHP identity 0: 38 / 3
      ],
    );
  });

  it('says which priorities the open answers echo most and which they are silent on', () => {
    // Five answers chose "access", and a sixth is about waiting lists, which access covers; the
    // last (digital records) points to no priority by K or more answers.
    assert.deepEqual(
      digest.voices!.echoedMost.map((e) => [e.id, e.answers]),
      [['access', v(6)]],
    );
    assert.deepEqual(
      digest.voices!.silentOn.map((s) => s.id),
      ['joined-up-care', 'profile-of-roles', 'develop-and-innovate', 'optimising-care', 'ahp-identity', 'full-potential'],
    );
  });

  it("maps an answer that chose no priority to the one whose distinctive words it shares, through the themes' language library", () => {
    const analyser = winkAnalyser();
    const words = priorityWordsOf(analyser);
    const matcher = new PriorityMatcher(CONTENT.catalog.priorities.map((p) => words.get(p.id)!));
    const echo = (text: string) => matcher.echo(analyser.analyse(text).words);
    assert.equal(echo('We need new ways of working that consider sustainability'), 'optimising-care'); // new, way, work, consider, sustainability
    assert.equal(echo('More innovation and research in how we develop'), 'develop-and-innovate'); // innovation, research (develop: two priorities)
    assert.equal(echo('Patients face barriers and inequalities getting support'), 'access'); // barrier, inequality
    assert.equal(echo('The waiting lists are far too long'), 'access'); // what access covers
    assert.equal(echo('Email me about it'), undefined);
    assert.equal(echo('More help and support for people'), undefined, 'words several priorities use, and none covers alone, decide nothing');
    assert.equal(matcher.echo(['barrier'], 'ahp-identity'), 'ahp-identity', 'the priority the person chose wins');
  });
});
