import assert from 'node:assert/strict';
import { activityProblems } from '../../src/adapters/teams/activity-shape';

const good = {
  type: 'message',
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/uk/',
  conversation: { id: 'a:1' },
  from: { id: '29:1' },
};

describe('The shape check for incoming activities', () => {
  it('accepts a Teams activity', () => {
    assert.deepEqual(activityProblems(good), []);
  });

  it('refuses what is not an object', () => {
    for (const body of [null, 'text', 42, [good], undefined]) {
      assert.equal(activityProblems(body).length, 1, JSON.stringify(body));
    }
  });

  it('names each missing or wrong field', () => {
    const problems = activityProblems({ type: '', serviceUrl: 'ftp://x', conversation: {}, membersAdded: {}, from: 'me' });
    assert.deepEqual(problems, [
      '"type" must be a non-empty string.',
      '"channelId" must be a non-empty string.',
      '"serviceUrl" must be an http or https URL.',
      '"conversation.id" must be a non-empty string.',
      '"from.id" must be a non-empty string: Teams always says who sent an activity.',
      '"from", when present, must be an object.',
      '"membersAdded", when present, must be an array.',
    ]);
  });
});
