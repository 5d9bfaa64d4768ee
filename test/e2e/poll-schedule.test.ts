import assert from 'node:assert/strict';
import { ManualClock } from '../support/bot-deps';
import { botUnderTest, STORES } from '../support/bot-under-test';
import { AHP_COMMUNITY, channelMention, LEAD } from '../support/teams-activities';
import { postActivity } from '../support/test-app';

const HOUR = 3_600_000;

for (const store of STORES) {
  describe(`Closing polls on time, and reminders (end to end) [${store}]`, () => {
    const env = { LEAD_IDS: LEAD.aadObjectId, MIN_RESPONDENTS: '3', POLL_REMINDER_BEFORE_HOURS: '1', SCHEDULER_INTERVAL_MS: '3600000' };
    let clock: ManualClock;
    const bot = botUnderTest(env, { store, clock: () => (clock = new ManualClock(new Date())) });
    const app = () => bot.app;

    async function startPoll(command: string): Promise<string> {
      await postActivity(bot.url(), channelMention(bot.connector.url, AHP_COMMUNITY, LEAD, command));
      const pollId = /Poll (p[0-9a-f]+) is posted/.exec(String(bot.connector.activities.at(-1)!.activity.text))?.[1];
      assert.ok(pollId, String(bot.connector.activities.at(-1)!.activity.text));
      return pollId;
    }

    it('closes a poll at its closing time and shows the final card', async () => {
      const pollId = await startPoll('poll top-priority closes=3h');
      clock.advance(2 * HOUR);
      await app().work.runDuePollWork();
      assert.equal((await app().store.polls.get(pollId))!.status, 'open');
      clock.advance(HOUR + 1);
      await app().work.runDuePollWork();
      const poll = (await app().store.polls.get(pollId))!;
      assert.equal(poll.status, 'closed');
      assert.equal(poll.closedBy, 'schedule');
      assert.match(JSON.stringify(bot.connector.activities.filter((a) => a.method === 'update').at(-1)!.activity), /0 answers · Closed on/);
    });

    it('sends one reminder into the poll thread an hour before closing, however often the scheduler runs', async () => {
      const pollId = await startPoll('poll rank closes=3h');
      const poll = (await app().store.polls.get(pollId))!;
      clock.advance(2 * HOUR + 60_000);
      await app().work.runDuePollWork();
      await app().work.runDuePollWork();
      const reminders = bot.connector.activities.filter((a) => String(a.activity.text ?? '').startsWith('Reminder: this poll closes'));
      assert.equal(reminders.length, 1);
      assert.equal(reminders[0]!.conversationId, poll.postings[0]!.conversationId);
    });

    it('catches up after a restart: a poll that should have closed while the bot was down is closed at start-up', async () => {
      const pollId = await startPoll('poll top-priority closes=90m');
      await bot.app.stop();
      clock.advance(5 * HOUR);
      await bot.restart();
      // The interval is an hour: only the tick at start-up can close it.
      const until = Date.now() + 3_000;
      while ((await app().store.polls.get(pollId))!.status !== 'closed' && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      const poll = (await app().store.polls.get(pollId))!;
      assert.equal(poll.status, 'closed');
      assert.equal(poll.closedBy, 'schedule');
    });
  });
}
