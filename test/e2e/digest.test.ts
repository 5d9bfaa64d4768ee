import assert from 'node:assert/strict';
import type { RunningApp } from '../../src/app/start-app';
import { ManualClock } from '../support/bot-deps';
import { botUnderTest, STORES, sayInChat } from '../support/bot-under-test';
import { actionOnCard, invokeOf, latestPostedCard } from '../support/card-answers';
import { digestFixture, fixtureDigest, INSIGHT_LINES, seedFixture, seedPastDigests } from '../support/digest-fixtures';
import { download } from '../support/downloads';
import { channelMention, LEAD, type PersonFixture, personalConversationId, teamInstallationUpdate } from '../support/teams-activities';
import { postActivity, startTestApp } from '../support/test-app';

const TEAM = {
  id: '19:dg@thread.tacv2',
  name: 'AHP Strategy',
  channels: [{ id: '19:dg@thread.tacv2' }, { id: '19:dgdigest@thread.tacv2', name: 'Weekly digest' }],
};
const DIGEST_CHANNEL = '19:dgdigest@thread.tacv2';
const AHP: PersonFixture = { userId: '29:1ahp', aadObjectId: '22222222-2222-4222-8222-222222222222', name: 'Sam Physio' };
const HOUR = 3_600_000;

for (const store of STORES) {
  describe(`The weekly digest (end to end, ${store} store, a clock moved by hand)`, function () {
    this.timeout(120_000);
    let clock: ManualClock;
    const env = { LEAD_IDS: LEAD.aadObjectId, DIGEST_CHANNEL_IDS: DIGEST_CHANNEL, OUTBOX_INTERVAL_MS: '100', SCHEDULER_INTERVAL_MS: '3600000' };
    const bot = botUnderTest(env, { store, connector: { teams: [TEAM] }, clock: () => (clock = new ManualClock(new Date('2026-11-23T08:00:00Z'))) });

    const say = (text: string, who: PersonFixture = LEAD) => sayInChat(bot, who, text);
    const digestCards = () => bot.connector.cards().filter((c) => JSON.stringify(c.card).includes('AHP Pulse weekly digest'));
    const tick = async (app: RunningApp = bot.app) => {
      await app.work.runDuePollWork();
      await app.work.drainOutbox();
    };

    beforeEach(async () => {
      await postActivity(bot.url(), teamInstallationUpdate(bot.connector.url, { teamId: TEAM.id, name: TEAM.name, aadGroupId: 'g' }));
      assert.match((await say('digest subscribe')).text, /You are subscribed/);
      await seedFixture(bot.app.store);
    });

    it('publishes every Monday at 09:00 UK time, once, to the digest channel and to subscribers, with the figures right', async () => {
      await tick();
      assert.equal(digestCards().length, 0, 'not before Monday 09:00 (and a new bot does not publish weeks before its time)');
      clock.advance(HOUR + 60_000); // Monday 23 November, 09:01
      await tick();
      const cards = digestCards();
      assert.deepEqual(cards.map((c) => [c.conversationId.startsWith(DIGEST_CHANNEL) ? 'channel' : c.conversationId, c.method]).sort(), [
        [personalConversationId(LEAD), 'reply'], // botbuilder sends proactive messages as replies to its continuation
        ['channel', 'create'],
      ]);
      const card = JSON.stringify(cards[0]!.card);
      assert.match(card, /Week of 16 to 22 November 2026/);
      assert.match(card, /Single choice · 29 people · 31 answers, counting changes · closed Fri 20 Nov/);
      assert.match(card, /80 people answered this week \(in polls closed so far\), up 60 on the week before \(20\)/);
      assert.match(card, /"title":"Physiotherapist","value":"32 \(up 22\)"/);
      assert.match(card, /"title":"Paramedic","value":"28 \(up 18\)"/); // last week 10 of 20, beside empty cells: nothing to hide
      assert.match(card, /"title":"Dietitian","value":"hidden so that another figure cannot be worked out"/); // the 3 not stated would be the total less the rest
      assert.match(card, /"title":"Develop and innovate","value":"0 \(0%\)"/); // nobody picked it: nothing to hide
      assert.match(card, /"data":\[\{"x":"Easier access to support","y":12\},\{"x":"Communication, collaboration and integration","y":8\}\]/);
      assert.match(
        card,
        /"data":\[\{"x":"Easier access to support","y":58\},\{"x":"Optimising care","y":38\},\{"x":"Communication, collaboration and integration","y":28\}\]/,
      );
      assert.match(card, /priorities\. Both professions shown agree \(Physiotherapist 80%, Paramedic 75% agree\)/);
      assert.match(card, /Agreement ranges from 100% to 20% \(Physiotherapist 100%, Paramedic 20%\)/);
      assert.match(card, /"title":"waiting lists","value":"6 answers · Easier access to support"/);
      assert.match(card, /“Cut the waiting lists by funding more clinic time\.”/);
      assert.equal(cards[0]!.card.type, 'AdaptiveCard');

      await tick();
      await bot.restart();
      await tick();
      assert.equal(digestCards().length, 2, 'once: not again on the next tick, nor after a restart');
      assert.match((await say('digest list')).card, /2026-11-16: week of 16 to 22 November 2026, published 2026-11-23 09:01 UTC to 2 chats and channels/);
      assert.match((await say('digest 2026-11-16')).card, /80 people answered this week/);
    });

    it('shows the priorities over time, who we are not hearing from, and AHPs beside citizens, from what the store holds; "trend" gives one priority', async () => {
      await seedPastDigests(bot.app.store); // 2 Nov: access 50; 9 Nov: access 55, optimising care 45, joined-up care 28
      clock.advance(HOUR + 60_000); // Monday 23 November, 09:01
      await tick();
      const card = JSON.stringify(digestCards().find((c) => c.conversationId.startsWith(DIGEST_CHANNEL))!.card);
      // Each figure of the three views, as worked out by hand (test/unit/digest-insights.test.ts), from this store.
      for (const line of INSIGHT_LINES) assert.match(card, line);
      assert.ok(Buffer.byteLength(card) < 80 * 1024);

      const trend = await say('trend access');
      assert.match(trend.card, /Easier access to support: support week by week/);
      assert.match(trend.card, /"values":\[\{"x":"2 Nov","y":50\},\{"x":"9 Nov","y":55\},\{"x":"16 Nov","y":58\}\]/);
      assert.match(trend.card, /"title":"Week of 26 Oct","value":"no digest"/);
      const ahpIdentity = await say('trend ahp-identity');
      assert.match(ahpIdentity.card, /"title":"Week of 16 Nov","value":"0"/); // nobody picked it in poll A; poll G's agree cell is hidden, so G does not count
      assert.match((await say('trend waiting-lists')).text, /"waiting-lists" is not a draft priority's id\. The ids: access \(Easier access to support\);/);
      assert.match((await say('trend')).text, /Write "trend" and one priority id/);
      assert.match((await say('trend access', AHP)).text, /Only professional leads and admins can see a priority week by week/);
    });

    it('publishes a week it missed when it comes back, once, and never skips one', async () => {
      clock.advance(HOUR + 60_000);
      await tick();
      assert.equal(digestCards().length, 2);
      await bot.app.stop();
      clock.advance(15 * 24 * HOUR); // down over two Mondays (30 November and 7 December)
      await bot.restart();
      await tick();
      await tick();
      const weeks = (await bot.app.store.digests.list(10)).map((p) => [p.weekId, p.status]);
      assert.deepEqual(weeks, [
        ['2026-11-30', 'queued'],
        ['2026-11-23', 'queued'],
        ['2026-11-16', 'queued'],
      ]);
      assert.equal(digestCards().length, 6, 'two missed weeks, each to the channel and the subscriber, once');
    });

    it('delivers a week that an instance recorded and then died before queueing, once', async () => {
      clock.advance(HOUR + 60_000);
      await bot.app.store.digests.create({
        weekId: '2026-11-16',
        digest: fixtureDigest(),
        publishedAt: '2026-11-23T09:00:30.000Z',
        publishedBy: 'an-instance-that-died',
        status: 'recorded',
        version: 1,
      });
      await tick();
      await tick();
      assert.equal(digestCards().length, 2, 'to the channel and the subscriber, once');
      const publication = await bot.app.store.digests.get('2026-11-16');
      assert.deepEqual([publication?.publishedBy, publication?.status, publication?.recipients], ['an-instance-that-died', 'queued', 2]);
    });

    it('publishes once when two instances reach 09:00 together', async () => {
      const second = await startTestApp(bot.data.dir, bot.env, { clock });
      try {
        clock.advance(HOUR + 60_000);
        await Promise.all([second.work.runDuePollWork(), bot.app.work.runDuePollWork(), second.work.runDuePollWork(), bot.app.work.runDuePollWork()]);
        await Promise.all([second.work.drainOutbox(), bot.app.work.drainOutbox()]);
        assert.equal(digestCards().length, 2, 'one card in the channel, one in the chat');
        assert.equal((await bot.app.store.digests.list(5)).length, 1);
      } finally {
        await second.stop();
      }
    });

    it("gives leads this week so far and any past week on demand, and nobody else; subscriptions are anyone's", async () => {
      clock.advance(3 * 24 * HOUR); // Thursday 26 November
      await bot.app.store.polls.create({
        ...digestFixture().polls[0]!,
        id: 'pnow',
        createdAt: '2026-11-24T09:00:00.000Z',
        closesAt: '2026-11-28T09:00:00.000Z',
        status: 'open',
      });
      const before = bot.connector.activities.length;
      const now = await say('digest');
      assert.match(now.card, /So far: this week is not over/);
      const sent = bot.connector.activities
        .slice(before)
        .filter((a) => a.conversationId === personalConversationId(LEAD))
        .map((a) => String(a.activity.type));
      assert.deepEqual(sent, ['typing', 'message'], 'Teams shows AHP Pulse typing while the digest is computed, then the digest');
      assert.match(now.card, /Week of 23 to 29 November 2026/);
      const past = await say('digest 2026-11-18');
      assert.match(past.card, /Computed now: this week's digest was not published/);
      assert.match(past.card, /80 people answered this week/);
      assert.match((await say('digest 2026-13-01')).text, /is not a date/);
      assert.match((await say('digest 2027-01-04')).text, /has not started yet/);
      assert.match((await say('digest list')).text, /No weekly digest has been published yet/);
      assert.match((await say('digest', AHP)).text, /Only professional leads and admins can ask for digests/);
      assert.match((await say('digest subscribe', AHP)).text, /You are subscribed/);
      assert.match((await say('digest unsubscribe', AHP)).text, /You are unsubscribed/);
      assert.match((await say('digest unsubscribe', AHP)).text, /You were not subscribed/);
    });

    it('cannot single out one person: digests asked before and after someone answers are the same, and show the poll once it closes', async () => {
      clock.advance(3 * 24 * HOUR); // Thursday 26 November
      const team = { teamId: TEAM.id, name: TEAM.name, aadGroupId: 'g' };
      await postActivity(bot.url(), channelMention(bot.connector.url, team, LEAD, 'poll top-priority'));
      const pollId = /Poll (p[0-9a-f]+) is posted/.exec(String(bot.connector.activities.at(-1)!.activity.text))![1]!;
      const posted = latestPostedCard(bot.connector, TEAM.id);
      // Each person taps the same choice on the card the channel shows.
      const answer = async (n: number) => {
        const person = { userId: `29:1od${n}`, aadObjectId: `00000000-0000-4000-8000-0000000d00${String(n).padStart(2, '0')}`, name: `Person ${n}` };
        const action = actionOnCard(bot.connector, posted, { press: 'Easier access to support' });
        const result = await postActivity(bot.url(), invokeOf(bot.connector, posted, person, action));
        assert.match(JSON.stringify(result.body), /Saved/);
      };
      for (let n = 1; n <= 6; n++) await answer(n);
      const figuresOnly = (card: string) => card.replace(/figures as at [^"]*/, '');

      const before = (await say('digest')).card;
      clock.advance(60_000);
      await answer(7);
      const after = (await say('digest')).card;
      assert.equal(figuresOnly(after), figuresOnly(before), 'nothing on the second digest tells what the seventh person answered, or that they did');
      assert.match(before, /Single choice · open until/);
      assert.match(before, /Results once it closes/);

      assert.match((await say(`close ${pollId}`)).card, /The poll is closed/);
      const closed = (await say('digest')).card;
      assert.match(closed, /Single choice · 7 people · 7 answers, counting changes · closed Thu 26 Nov/);
    });

    it('exports a poll or a week as CSV behind a short-lived link, with no identifiers for anonymous polls, and a data dictionary', async () => {
      const links = (card: string) => [...card.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]!);
      const [named, dictionary] = links((await say('export poll pb')).card);
      assert.match(named!, /\/exports\/responses\.csv\?link=[\w-]+\.[\w-]+$/);
      const csv = await (await download(named!)).text();
      const rows = csv
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n');
      assert.equal(rows.length, 1 + 25);
      assert.equal(
        rows[0],
        'poll_id,poll_question,poll_kind,poll_anonymous,respondent_id,respondent_name,profession,answered_on,answered_week,answered_at,changes,choice,choices,agreement,ratings,rank_1,rank_2,rank_3,answer_words,text,text_priority',
      );
      for (const row of rows.slice(1))
        assert.match(
          row,
          /^pb,"""Easier access to support"" should be one of the strategy's priorities\.",agreement,false,00000000-0000-4000-8000-[0-9]{12},Person \d+,[a-z-]+,2026-11-17,2026-11-16,2026-11-17T10:00:00\.000Z,0,,,([a-z-]+),,,,,(Strongly agree|Agree|Neither agree nor disagree|Disagree|Strongly disagree|Not sure),,$/,
        );
      assert.equal(rows.filter((row) => /,physiotherapist,.*,strongly-agree,/.test(row)).length, 4);

      const [anonymous] = links((await say('export poll pd')).card);
      const open = (await (await download(anonymous!)).text()).trim().split('\r\n').slice(1);
      assert.equal(open.length, 7);
      // 4 physiotherapists and 3 who gave none: fewer than 5 of either, so no profession shows.
      for (const row of open) assert.match(row, /^pd,[^,]+,open,true,,,,,2026-11-16,,,/, 'no id, no name, no profession under K, no day, no time, no changes');
      assert.ok(
        open.some(
          (row) =>
            row.includes('"Email me at someone@example.nhs.uk about waiting lists."') ||
            row.includes('Email me at someone@example.nhs.uk about waiting lists.'),
        ),
      );

      const [week] = links((await say('export week 2026-11-16')).card);
      const weekRows = (await (await download(week!)).text()).trim().split('\r\n').slice(1);
      assert.equal(weekRows.length, 77, "the week's 80 responses less pf's 3 (anonymous, fewer than K); not last week's, nor next Monday's");
      assert.equal((await download(week!)).status, 410, 'a link works once');
      assert.match(await (await download(week!)).text(), /used already/);
      assert.match((await say('export poll pf')).text, /anonymous and fewer than 5 people answered it/);

      const dict = await download(dictionary!);
      assert.match(dict.headers.get('content-disposition') ?? '', /attachment; filename="ahp-pulse-data-dictionary.csv"/);
      assert.match(await dict.text(), /respondent_id,The Microsoft Entra object id of the person \(named polls only\)/);

      const tampered = named!.replace(/link=(.)/, (_m, c: string) => `link=${c === 'a' ? 'b' : 'a'}`);
      assert.equal((await download(tampered)).status, 403);
      clock.advance(16 * 60_000);
      const expired = await download(named!);
      assert.equal(expired.status, 410);
      assert.match(await expired.text(), /expired/);
      assert.match((await say('export poll pb', AHP)).text, /Only professional leads and admins can export/);
      assert.match((await say('export poll pnosuch')).text, /There is no poll pnosuch/);
      assert.match((await say('export poll [x](https://evil.example)')).text, /^That is not a poll id/);
    });
  });
}
