import assert from 'node:assert/strict';
import { markRemoved, normaliseChannels, type TeamInstallation, withChannel, withoutChannel } from '../../src/domain/installation';

const TEAM = '19:team@thread.tacv2';

function team(channels = normaliseChannels(TEAM, [])): TeamInstallation {
  return {
    kind: 'team',
    id: `team:${TEAM}`,
    teamId: TEAM,
    teamName: 'AHP Community',
    channels,
    tenantId: 't',
    serviceUrl: 'https://smba.example/',
    address: {},
    status: 'active',
    installedAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
  };
}

describe('Installations (domain)', () => {
  it('names the General channel, which Teams sends with the team id and no name, and lists it first', () => {
    const channels = normaliseChannels(TEAM, [{ id: '19:b', name: 'Radiography' }, { id: TEAM }, { id: '19:a', name: 'Dietetics' }]);
    assert.deepEqual(channels, [
      { id: TEAM, name: 'General' },
      { id: '19:a', name: 'Dietetics' },
      { id: '19:b', name: 'Radiography' },
    ]);
  });

  it('always includes the General channel, even when Teams lists none', () => {
    assert.deepEqual(normaliseChannels(TEAM, []), [{ id: TEAM, name: 'General' }]);
  });

  it('drops channels without an id and keeps one entry per id', () => {
    const channels = normaliseChannels(TEAM, [{ name: 'No id' }, { id: '19:a', name: 'Old' }, { id: '19:a', name: 'New' }]);
    assert.deepEqual(
      channels.map((c) => c.name),
      ['General', 'New'],
    );
  });

  it('adds, renames and removes channels, but never removes General', () => {
    let t = withChannel(team(), { id: '19:ot', name: 'OT' }, 'now');
    t = withChannel(t, { id: '19:ot', name: 'Occupational therapy' }, 'now');
    assert.deepEqual(
      t.channels.map((c) => c.name),
      ['General', 'Occupational therapy'],
    );
    t = withoutChannel(t, TEAM, 'now');
    t = withoutChannel(t, '19:ot', 'later');
    assert.deepEqual(t.channels, [{ id: TEAM, name: 'General' }]);
    assert.equal(t.updatedAt, 'later');
  });

  it('marks an installation removed with the time, keeping the rest of the record', () => {
    const removed = markRemoved(team(), '2026-11-24T10:00:00.000Z');
    assert.equal(removed.status, 'removed');
    assert.equal(removed.removedAt, '2026-11-24T10:00:00.000Z');
    assert.equal(removed.teamName, 'AHP Community');
  });
});
