import assert from 'node:assert/strict';
import { currentFinder, scoreFinder } from '../../bench/themes/theme-bench';
import { CONTENT } from '../support/poll-fixtures';
import { loadLabelledSet, score } from '../support/theme-evaluation';

const set = loadLabelledSet();

describe('The labelled set of open answers (bench/themes/labelled-answers.json)', () => {
  it('holds at least 200 answers in the voices of all fourteen professions, each labelled from the codebook, and says who labelled them and how', () => {
    assert.ok(set.answers.length >= 200, `${set.answers.length} answers`);
    assert.deepEqual(new Set(set.answers.map((a) => a.profession)), new Set(CONTENT.catalog.professions.map((p) => p.id)));
    assert.match(set.labelledBy, /labelled by/i);
    assert.ok(set.method.length > 200);
    const themes = new Set(set.themes.map((t) => t.id));
    const priorities = new Set(CONTENT.catalog.priorities.map((p) => p.id));
    for (const t of set.themes) assert.ok(priorities.has(t.priority), `${t.id}: ${t.priority}`);
    for (const a of set.answers) {
      assert.ok(
        a.themes.every((t) => themes.has(t)),
        a.text,
      );
      assert.ok(a.priority === null || priorities.has(a.priority), a.text);
      assert.ok(a.chose === undefined || a.chose === a.priority, `${a.text}: one who chose a priority files it there`);
    }
    assert.equal(new Set(set.answers.map((a) => a.text)).size, set.answers.length, 'no answer twice');
    for (const t of set.themes) assert.ok(set.answers.filter((a) => a.themes.includes(t.id)).length >= 5, `${t.id} has K answers`);
  });

  it('scores a finder as the bench does: a name outside the codebook, or a second name for a theme, counts against precision', () => {
    const week = { ...set, themes: set.themes.slice(0, 3) };
    const [wait, staff, access] = week.themes;
    const scores = score(
      week,
      [
        { label: 'Waiting Lists', answers: 20, priorityId: wait!.priority },
        { label: 'waiting times', answers: 10, priorityId: wait!.priority },
        { label: 'patients', answers: 9 },
        { label: 'staffing', answers: 8 },
      ],
      set.answers.map((a) => a.priority ?? undefined),
      5,
    );
    assert.equal(scores.recall, 0.667, 'waiting and staffing of the three');
    assert.equal(scores.precision, 0.5, 'a second waiting theme and "patients" name nothing new');
    assert.equal(scores.mapping, 0.5, 'staffing shows no priority');
    assert.equal(scores.answerMapping, 1);
    assert.deepEqual(scores.missed, [access!.id]);
    assert.equal(staff!.id, 'staff');
  });

  it('is read by the current theme finder with recall, precision and priority mapping of 0.8 or more', () => {
    const scores = scoreFinder(currentFinder(), set);
    assert.ok(scores.recall >= 0.8, `recall ${scores.recall}: missed ${scores.missed.join(', ')}`);
    assert.ok(scores.precision >= 0.8, `precision ${scores.precision}: ${scores.shown.join('; ')}`);
    assert.ok(scores.mapping >= 0.8, `mapping ${scores.mapping}: ${scores.shown.join('; ')}`);
  });
});
