import assert from 'node:assert/strict';
import { loadCardRenderer } from '../../src/cards/card-renderer';
import { contentPresenter } from '../../src/cards/content-forms';
import { VERBS } from '../../src/cards/verbs';
import { activePriorities } from '../../src/domain/catalog';
import { changePriority, changeWorkforce, newPriorityId, withEdits } from '../../src/domain/content-edit';
import { specFromTemplate } from '../../src/domain/templates';
import { checkCard } from '../support/card-checks';
import { inputsOf } from '../support/card-client';
import { CONTENT } from '../support/poll-fixtures';

const catalog = CONTENT.catalog;
const NOW = new Date('2026-12-02T10:00:00.000Z');
const access = catalog.priorities.find((p) => p.id === 'access')!;

describe('What admins change of the content (the draft priorities, the workforce)', () => {
  it('renames a priority in place, keeping its id', () => {
    const changed = changePriority(
      catalog,
      'access',
      { title: 'Access to support and services', description: access.description, raisedBy: 'citizens,ahps', retired: 'false' },
      NOW,
    );
    assert.ok(changed.ok);
    const renamed = changed.value.find((p) => p.id === 'access')!;
    assert.equal(renamed.title, 'Access to support and services');
    assert.deepEqual(renamed.raisedBy, ['citizens', 'ahps']);
    assert.equal(changed.value.length, catalog.priorities.length);
  });

  it('adds a priority with an id made from its title, unique, and a line break typed in a box as a space', () => {
    const added = changePriority(
      catalog,
      undefined,
      { title: 'Green & sustainable care', description: 'Less travel,\nless waste.', raisedBy: 'ahps', retired: 'false' },
      NOW,
    );
    assert.ok(added.ok);
    assert.deepEqual(added.value.at(-1), {
      id: 'green-sustainable-care',
      title: 'Green & sustainable care',
      description: 'Less travel, less waste.',
      raisedBy: ['ahps'],
    });
    assert.equal(newPriorityId('Easier access', { ...catalog, priorities: [...catalog.priorities, { ...access, id: 'easier-access' }] }), 'easier-access-2');
  });

  it('changes what a priority covers from the form, keeps it when the form has no box for it, and says what is too long', () => {
    const fields = { title: access.title, description: access.description, raisedBy: 'citizens', retired: 'false' };
    const kept = changePriority(catalog, 'access', fields, NOW);
    assert.ok(kept.ok);
    assert.deepEqual(kept.value.find((p) => p.id === 'access')?.covers, access.covers);
    const changed = changePriority(catalog, 'access', { ...fields, covers: 'waiting lists,\nreferrals, , waiting lists' }, NOW);
    assert.ok(changed.ok);
    assert.deepEqual(changed.value.find((p) => p.id === 'access')?.covers, ['waiting lists', 'referrals']);
    const cleared = changePriority(catalog, 'access', { ...fields, covers: '' }, NOW);
    assert.ok(cleared.ok);
    const stored = withEdits(catalog, { priorities: cleared.value, workforce: [], version: 1, updatedAt: 't' });
    assert.deepEqual(stored.priorities.find((p) => p.id === 'access')?.covers, [], 'cleared stays cleared; the seed does not come back');
    const old = withEdits(catalog, { priorities: catalog.priorities.map(({ covers: _, ...p }) => p), workforce: [], version: 1, updatedAt: 't' });
    assert.deepEqual(old.priorities.find((p) => p.id === 'access')?.covers, access.covers, 'saved before priorities had covers: the seed fills it');
    const long = changePriority(catalog, 'access', { ...fields, covers: `short, ${'x'.repeat(41)}` }, NOW);
    assert.ok(!long.ok);
    assert.match(long.problems.covers!, /Keep each topic to 40 characters/);
    const many = changePriority(catalog, 'access', { ...fields, covers: Array.from({ length: 21 }, (_, i) => `t${i}`).join(',') }, NOW);
    assert.ok(!many.ok);
    assert.match(many.problems.covers!, /Keep it to 20 topics; it has 21/);
  });

  it('retires a priority, dated, and refuses to retire the last one left', () => {
    const retired = changePriority(catalog, 'access', { title: access.title, description: access.description, raisedBy: 'citizens', retired: 'true' }, NOW);
    assert.ok(retired.ok);
    assert.equal(retired.value.find((p) => p.id === 'access')?.retiredAt, NOW.toISOString());
    const one = { ...catalog, priorities: [access] };
    const last = changePriority(one, 'access', { title: access.title, description: access.description, raisedBy: 'citizens', retired: 'true' }, NOW);
    assert.ok(!last.ok);
    assert.match(last.problems.title!, /at least one priority/);
  });

  it('offers a retired priority in no new poll, and keeps it in the catalogue for its history', () => {
    const retired = changePriority(catalog, 'access', { title: access.title, description: access.description, raisedBy: 'citizens', retired: 'true' }, NOW);
    assert.ok(retired.ok);
    const edited = withEdits(catalog, { priorities: retired.value, workforce: [], version: 1, updatedAt: 't' });
    assert.ok(!activePriorities(edited).some((p) => p.id === 'access'));
    assert.ok(
      edited.priorities.some((p) => p.id === 'access'),
      'still known: trends and past digests name it',
    );
    const top = CONTENT.templates.find((t) => t.options === 'priorities')!;
    const spec = specFromTemplate(top, edited, { anonymous: true, visibility: 'live', allowQuotes: false });
    assert.ok(!spec.options.some((o) => o.id === 'access'));
    assert.ok(!spec.priorityIds.includes('access'));
  });

  it('says what is wrong beside each field, all at once', () => {
    const bad = changePriority(catalog, 'access', { title: ' ', description: 'd'.repeat(241), raisedBy: 'nobody', retired: 'false' }, NOW);
    assert.ok(!bad.ok);
    assert.deepEqual(Object.keys(bad.problems).sort(), ['description', 'raisedBy', 'title']);
    const twin = changePriority(catalog, undefined, { title: 'optimising care', description: 'x', raisedBy: 'ahps', retired: 'false' }, NOW);
    assert.ok(!twin.ok);
    assert.match(twin.problems.title!, /already a priority/);
    assert.ok(!changePriority(catalog, 'no-such', { title: 't', description: 'd', raisedBy: 'ahps', retired: 'false' }, NOW).ok);
  });

  it('replaces a workforce figure with its source and date, refusing a date to come or a count that is not a whole number', () => {
    const group = catalog.workforce.groups[0]!;
    const changed = changeWorkforce(catalog, group.id, { count: '6100', source: 'HCPC registrant snapshot, October 2026', asAt: '2026-10-01' }, NOW);
    assert.ok(changed.ok);
    assert.deepEqual(changed.value[0], { ...group, count: 6100, source: 'HCPC registrant snapshot, October 2026', asAt: '2026-10-01' });
    const bad = changeWorkforce(catalog, group.id, { count: '6,100.5', source: '', asAt: '2027-01-01' }, NOW);
    assert.ok(!bad.ok);
    assert.deepEqual(Object.keys(bad.problems).sort(), ['asAt', 'count', 'source']);
  });

  it('lays the store’s edits over the seed: its priorities and figures, a priority only the seed has added, the total recounted', () => {
    const first = catalog.workforce.groups[0]!;
    const edited = withEdits(catalog, {
      priorities: catalog.priorities.filter((p) => p.id !== 'access').map((p) => (p.id === 'optimising-care' ? { ...p, title: 'Better care' } : p)),
      workforce: [{ ...first, count: first.count + 100 }],
      version: 3,
      updatedAt: 't',
    });
    assert.equal(edited.priorities.find((p) => p.id === 'optimising-care')?.title, 'Better care');
    assert.ok(
      edited.priorities.some((p) => p.id === 'access'),
      'a priority the seed has and the store does not joins',
    );
    assert.equal(edited.workforce.total, catalog.workforce.total + 100);
    assert.equal(withEdits(catalog, undefined), catalog);
  });
});

describe('The content’s cards', () => {
  const presenter = contentPresenter(loadCardRenderer());
  const verbs = Object.values(VERBS);

  it('draws the list and both forms as valid Teams cards, every input labelled, a problem beside its field, what was typed kept', () => {
    assert.deepEqual(checkCard(presenter.list(catalog), verbs).problems, []);
    const priority = presenter.priorityForm({
      priorityId: 'access',
      fields: { title: '*Bold* [x](http://y)', description: 'd', raisedBy: 'citizens,ahps', retired: 'false' },
      problems: { title: 'Write the title.' },
    });
    assert.deepEqual(checkCard(priority, verbs).problems, []);
    assert.match(JSON.stringify(priority), /Write the title\./);
    assert.equal(inputsOf(priority).find((i) => i.id === 'title')?.value, '*Bold* [x](http://y)', 'sent back as typed');
    assert.equal(inputsOf(priority).find((i) => i.id === 'raisedBy')?.value, 'citizens,ahps');
    assert.equal(inputsOf(priority).find((i) => i.id === 'covers')?.value, '', 'an empty box for what it covers');
    const group = catalog.workforce.groups[0]!;
    const workforce = presenter.workforceForm({
      groupId: group.id,
      title: group.title,
      fields: { count: '12', source: 's', asAt: '2026-01-01' },
      problems: {},
    });
    assert.deepEqual(checkCard(workforce, verbs).problems, []);
  });
});
