import assert from 'node:assert/strict';
import { ManualClock } from '../support/bot-deps';
import { botUnderTest } from '../support/bot-under-test';
import { LEAD, personalMessage, teamInstallationUpdate } from '../support/teams-activities';
import { postActivity } from '../support/test-app';

const TEAM = { id: '19:wk@thread.tacv2', name: 'AHP Community', channels: [{ id: '19:wk@thread.tacv2' }, { id: '19:wk1@thread.tacv2', name: 'Physio' }] };
const HOUR = 3_600_000;

describe('A weekly pulse (end to end, a clock moved by hand)', function () {
  this.timeout(60_000);
  let clock: ManualClock;
  const bot = botUnderTest(
    { LEAD_IDS: LEAD.aadObjectId, OUTBOX_INTERVAL_MS: '100', SCHEDULER_INTERVAL_MS: '3600000' },
    { connector: { teams: [TEAM] }, clock: () => (clock = new ManualClock(new Date('2026-11-29T12:00:00Z'))) }, // a Sunday
  );

  const say = async (text: string) => {
    await postActivity(bot.url(), personalMessage(bot.connector.url, LEAD, text));
    return String(bot.connector.activities.at(-1)!.activity.text);
  };
  const launches = () => bot.connector.activities.filter((a) => a.method === 'create').length / TEAM.channels.length;

  it('launches once a week at its day and time (UK), once after downtime, and no more once stopped', async () => {
    await postActivity(bot.url(), teamInstallationUpdate(bot.connector.url, { teamId: TEAM.id, name: TEAM.name, aadGroupId: 'g' }));
    const reply = await say('weekly top-priority day=monday time=09:00 to=all results=live');
    assert.match(reply, /Weekly pulse (w[0-9a-f]+) is set up: "top-priority to=all results=live" every monday at 09:00 UK time/);
    const pulseId = /pulse (w[0-9a-f]+)/.exec(reply)![1]!;

    await bot.app.work.runDuePollWork();
    assert.equal(launches(), 0, 'not before Monday 09:00');
    clock.advance(21 * HOUR + 60_000); // Monday 30 Nov, 09:01
    await bot.app.work.runDuePollWork();
    await bot.app.work.runDuePollWork();
    assert.equal(launches(), 1, 'once on Monday');

    clock.advance(10 * 24 * HOUR); // the bot was down over the next Monday
    await bot.restart();
    await bot.app.work.runDuePollWork();
    await bot.app.work.runDuePollWork();
    assert.equal(launches(), 2, 'the missed week is launched late, once');

    assert.match(await say('weekly'), new RegExp(`${pulseId}: top-priority to=all results=live, every monday at 09:00`));
    assert.match(await say(`weekly stop ${pulseId}`), /is stopped/);
    clock.advance(7 * 24 * HOUR);
    await bot.app.work.runDuePollWork();
    assert.equal(launches(), 2, 'stopped');
  });

  it('refuses a bad day, time or launch choice, saying what it needs, and sets nothing up', async () => {
    assert.match(await say('weekly top-priority day=funday time=09:00'), /Which day\?/);
    assert.match(await say('weekly top-priority day=monday time=9am'), /time=HH:MM/);
    assert.match(await say('weekly top-priority day=monday time=09:00 results=sometimes'), /results is one of/);
    assert.match(await say('weekly'), /There are no weekly pulses/, 'nothing was set up from a bad choice');
  });
});
