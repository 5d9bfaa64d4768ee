import assert from 'node:assert/strict';
import type { RunningApp } from '../../src/app/start-app';
import { FakeConnector } from '../support/fake-connector';
import { ManualClock } from '../support/poll-deps';
import { AHP_COMMUNITY, LEAD, channelMention } from '../support/teams-activities';
import { postActivity, startTestApp, tempDir } from '../support/test-app';

const HOUR = 3_600_000;

describe('Closing polls on time, and reminders (end to end)', () => {
  let connector: FakeConnector;
  let data: ReturnType<typeof tempDir>;
  let clock: ManualClock;
  let app: RunningApp;
  const env = { LEAD_IDS: LEAD.aadObjectId, MIN_RESPONDENTS: '3', POLL_REMINDER_BEFORE_HOURS: '1', SCHEDULER_INTERVAL_MS: '3600000' };

  beforeEach(async () => {
    connector = await new FakeConnector().start();
    data = tempDir();
    clock = new ManualClock(new Date());
    app = await startTestApp(data.dir, env, { clock });
  });
  afterEach(async () => {
    await app.stop();
    await connector.stop();
    data.remove();
  });

  async function startPoll(command: string): Promise<string> {
    await postActivity(app.server.url, channelMention(connector.url, AHP_COMMUNITY, LEAD, command));
    const pollId = /Poll (p[0-9a-f]+) is posted/.exec(String(connector.activities.at(-1)!.activity.text))?.[1];
    assert.ok(pollId, String(connector.activities.at(-1)!.activity.text));
    return pollId;
  }

  it('closes a poll at its closing time and shows the final card', async () => {
    const pollId = await startPoll('poll top-priority closes=3h');
    clock.advance(2 * HOUR);
    await app.work.runDuePollWork();
    assert.equal((await app.store.polls.get(pollId))!.status, 'open');
    clock.advance(HOUR + 1);
    await app.work.runDuePollWork();
    const poll = (await app.store.polls.get(pollId))!;
    assert.equal(poll.status, 'closed');
    assert.equal(poll.closedBy, 'schedule');
    assert.match(JSON.stringify(connector.activities.filter((a) => a.method === 'update').at(-1)!.activity), /0 answers · Closed on/);
  });

  it('sends one reminder into the poll thread an hour before closing, however often the scheduler runs', async () => {
    const pollId = await startPoll('poll rank closes=3h');
    const poll = (await app.store.polls.get(pollId))!;
    clock.advance(2 * HOUR + 60_000);
    await app.work.runDuePollWork();
    await app.work.runDuePollWork();
    const reminders = connector.activities.filter((a) => String(a.activity.text ?? '').startsWith('Reminder: this poll closes'));
    assert.equal(reminders.length, 1);
    assert.equal(reminders[0]!.conversationId, poll.postings[0]!.conversationId);
  });

  it('catches up after a restart: a poll that should have closed while the bot was down is closed at start-up', async () => {
    const pollId = await startPoll('poll top-priority closes=90m');
    await app.stop();
    clock.advance(5 * HOUR);
    app = await startTestApp(data.dir, env, { clock });
    // The interval is an hour: only the tick at start-up can close it.
    const until = Date.now() + 3_000;
    while ((await app.store.polls.get(pollId))!.status !== 'closed' && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const poll = (await app.store.polls.get(pollId))!;
    assert.equal(poll.status, 'closed');
    assert.equal(poll.closedBy, 'schedule');
  });
});
