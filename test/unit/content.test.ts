import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { respondentKeyer } from '../../src/application/polls/respondent-key';
import { parseConfig } from '../../src/config/config';
import { loadContent } from '../../src/config/content';
import { CatalogError, parsePriorities, parseWorkforce } from '../../src/domain/catalog';
import { pollOf } from '../support/poll-fixtures';
import { tempDir } from '../support/test-app';

describe('Priorities, professions and poll templates (data)', () => {
  it('ships the seven draft priorities heard from citizens and AHPs, and the fourteen professions', () => {
    const content = loadContent(parseConfig({}).contentDir);
    assert.equal(content.catalog.professions.length, 14);
    assert.deepEqual(
      content.catalog.priorities.map((p) => p.raisedBy.join()),
      ['citizens', 'citizens', 'citizens', 'citizens', 'ahps', 'ahps', 'ahps'],
    );
    assert.ok(content.templates.some((t) => t.question === 'Which draft priority matters most to you this week?'));
  });

  it('stops start-up on a bad entry, naming the file and the entry', () => {
    const bad = (priorities: unknown) => () => parsePriorities({ priorities }, 'content/priorities.json');
    assert.throws(bad([{ id: 'Access Now', title: 't', description: 'd', raisedBy: ['citizens'] }]), /content\/priorities\.json: entry 1 has id "Access Now"/);
    assert.throws(bad([{ id: 'a', title: '', description: 'd', raisedBy: ['citizens'] }]), /priority "a" needs "title"/);
    assert.throws(bad([{ id: 'a', title: 't', description: 'd', raisedBy: ['managers'] }]), /priority "a" needs "raisedBy"/);
    for (const covers of ['waiting lists', ['a, b'], [''], ['x'.repeat(41)], Array.from({ length: 21 }, (_, i) => `t${i}`)]) {
      assert.throws(bad([{ id: 'a', title: 't', description: 'd', raisedBy: ['ahps'], covers }]), /priority "a" has "covers" that is not a list/);
    }
    assert.deepEqual(
      parsePriorities({ priorities: [{ id: 'a', title: 't', description: 'd', raisedBy: ['ahps'], covers: [' waits ', 'waits'] }] }, 'f')[0]?.covers,
      ['waits'],
    );
    assert.throws(
      bad([
        { id: 'a', title: 't', description: 'd', raisedBy: ['ahps'] },
        { id: 'a', title: 't', description: 'd', raisedBy: ['ahps'] },
      ]),
      (error: unknown) => error instanceof CatalogError && /entry 2 \("a"\) repeats an id/.test((error as Error).message),
    );
  });

  it('ships the workforce by profession: every profession in one group, each figure with its source and date', () => {
    const { workforce, professions } = loadContent(parseConfig({}).contentDir).catalog;
    assert.deepEqual(workforce.groups.flatMap((g) => g.professions).sort(), professions.map((p) => p.id).sort());
    assert.equal(
      workforce.total,
      workforce.groups.reduce((sum, g) => sum + g.count, 0),
    );
    for (const group of workforce.groups) {
      assert.ok(group.count > 0 && group.source.length > 0 && /^\d{4}-\d{2}-\d{2}$/.test(group.asAt), group.id);
    }
    assert.deepEqual(workforce.groups.find((g) => g.id === 'arts-therapists')?.professions, ['art-therapist', 'dramatherapist', 'music-therapist']);
  });

  it('stops start-up on a bad workforce figure, naming the file and the group', () => {
    const { professions } = loadContent(parseConfig({}).contentDir).catalog;
    const one = professions.map((p) => ({ id: p.id, title: p.title, professions: [p.id], count: 100, source: 'a register', asAt: '2025-01-01' }));
    const bad = (change: (groups: Record<string, unknown>[]) => void) => () => {
      const groups = structuredClone(one) as Record<string, unknown>[];
      change(groups);
      return parseWorkforce({ groups }, 'content/workforce.json', professions);
    };
    assert.doesNotThrow(bad(() => undefined));
    assert.throws(
      bad((g) => g.pop()),
      /content\/workforce\.json: profession "speech-and-language-therapist" must each be in a group/,
    );
    assert.throws(
      bad((g) => (g[0]!.count = -3)),
      /group "art-therapist" needs "count"/,
    );
    assert.throws(
      bad((g) => (g[0]!.count = '5,903')),
      /group "art-therapist" needs "count"/,
    );
    assert.throws(
      bad((g) => (g[1]!.source = '')),
      /group "dietitian" needs "source"/,
    );
    assert.throws(
      bad((g) => (g[1]!.asAt = 'January 2025')),
      /group "dietitian" needs "asAt"/,
    );
    assert.throws(
      bad((g) => (g[1]!.professions = ['dietitian', 'art-therapist'])),
      /group "dietitian" names "art-therapist", which group "art-therapist" already counts/,
    );
    assert.throws(
      bad((g) => (g[1]!.professions = ['dentist'])),
      /names "dentist", which is not a profession/,
    );
  });

  it('names a content file that is not JSON', () => {
    const data = tempDir();
    for (const file of ['priorities.json', 'professions.json', 'workforce.json', 'poll-templates.json']) {
      fs.copyFileSync(path.join(parseConfig({}).contentDir, file), path.join(data.dir, file));
    }
    fs.writeFileSync(path.join(data.dir, 'professions.json'), '{ "professions": [');
    try {
      assert.throws(() => loadContent(data.dir), /professions\.json: the file is not valid JSON/);
    } finally {
      data.remove();
    }
  });
});

describe('Respondent keys', () => {
  const key = respondentKeyer('s'.repeat(32));
  const actor = { userId: '29:1x', aadObjectId: 'ABCDEF00-0000-4000-8000-000000000001', name: 'Sam', tenantId: 't' };

  it('use the Entra object id for named polls', () => {
    assert.equal(key(pollOf('single', { anonymous: false }), actor), 'aad:abcdef00-0000-4000-8000-000000000001');
  });

  it('hide the person in anonymous polls, stay the same for them within a poll, and differ across polls', () => {
    const a = key(pollOf('single', { id: 'p1' }), actor);
    assert.match(a, /^anon:[A-Za-z0-9_-]{43}$/);
    assert.ok(!a.toLowerCase().includes('abcdef00'));
    assert.equal(key(pollOf('single', { id: 'p1' }), actor), a);
    assert.notEqual(key(pollOf('single', { id: 'p2' }), actor), a);
    assert.notEqual(respondentKeyer('t'.repeat(32))(pollOf('single', { id: 'p1' }), actor), a);
  });
});
