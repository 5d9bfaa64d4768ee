import assert from 'node:assert/strict';
import { type BotUnderTest, botUnderTest } from '../support/bot-under-test';
import { LEAD, type PersonFixture, personalConversationId, personalMessage, teamInstallationUpdate } from '../support/teams-activities';
import { postActivity } from '../support/test-app';

const TEAMS = [
  { id: '19:cmpA@thread.tacv2', name: 'AHP Community', channels: [{ id: '19:cmpA@thread.tacv2' }, { id: '19:cmpA1@thread.tacv2', name: 'Physio' }] },
  { id: '19:cmpB@thread.tacv2', name: 'Paramedics North', channels: [{ id: '19:cmpB@thread.tacv2' }] },
];

/** Says something in a person's chat with the bot and returns everything the bot said back, as text. */
async function sayAll(bot: BotUnderTest, text: string, who: PersonFixture): Promise<string> {
  const before = bot.connector.activities.length;
  await postActivity(bot.url(), personalMessage(bot.connector.url, who, text));
  return bot.connector.activities
    .slice(before)
    .filter((a) => a.conversationId === personalConversationId(who))
    .map((a) => JSON.stringify(a.activity))
    .join('\n');
}

describe('Composing a launch in personal chat (botbuilder-dialogs, turn by turn)', function () {
  this.timeout(60_000);
  const bot = botUnderTest({ LEAD_IDS: LEAD.aadObjectId, OUTBOX_INTERVAL_MS: '100' }, { connector: { teams: TEAMS } });

  beforeEach(async () => {
    for (const team of TEAMS) await postActivity(bot.url(), teamInstallationUpdate(bot.connector.url, { teamId: team.id, name: team.name, aadGroupId: 'g' }));
  });

  const say = (text: string, who: PersonFixture = LEAD) => sayAll(bot, text, who);

  it('asks one question at a time, previews the exact card, and launches on confirmation', async () => {
    assert.match(await say('compose steps'), /Which poll would you like to launch\?.*top-priority/s);
    assert.match(await say('top-priority'), /Which teams should it go to\?.*All teams.*AHP Community.*Paramedics North/s);
    assert.match(await say('Paramedics North'), /When should it go out\?/);
    assert.match(await say('Now'), /How long should it stay open\?/);
    assert.match(await say('3 days'), /Who sees the results, and when\?/);
    assert.match(await say('Live'), /Should answers be anonymous\?/);
    const preview = await say('yes');
    assert.match(preview, /This is the card that will be posted/);
    assert.match(preview, /Which draft priority matters most to you this week\?/);
    assert.match(preview, /Launch it, edit it, or cancel\?/);
    const launched = await say('Launch');
    assert.match(launched, /Launching poll p[0-9a-f]+ to 1 channel in 1 team, now/);
    const pollId = /poll (p[0-9a-f]+)/.exec(launched)![1]!;
    const poll = (await bot.app.store.polls.get(pollId))!;
    assert.deepEqual([poll.visibility, poll.anonymous], ['live', true]);
    assert.equal(Date.parse(poll.closesAt) - Date.parse(poll.createdAt), 3 * 86_400_000);
    assert.match(await say('help'), /What AHP Pulse can do/, 'the dialog has ended');
  });

  it('asks for the priority when the template needs one, and re-asks after an answer it does not understand', async () => {
    await say('compose steps');
    assert.match(await say('agree'), /Which draft priority is the statement about\?/);
    assert.match(await say('banana'), /Please choose one of the options, or say \\"cancel\\"/);
    assert.match(await say('access'), /Which teams should it go to\?/);
  });

  it('ends at "cancel" from any question, launching nothing', async () => {
    await say('compose steps');
    await say('rank');
    assert.match(await say('cancel'), /Cancelled\. Nothing was launched\./);
    assert.match(await say('help'), /What AHP Pulse can do/);
    assert.equal(bot.connector.activities.filter((a) => a.method === 'create').length, 0);
  });

  it('goes back to the start on Edit, and keeps the draft across a restart of the bot', async () => {
    await say('compose steps');
    await say('top-priority');
    await bot.restart();
    assert.match(await say('All teams'), /When should it go out\?/, 'the draft survived the restart');
    await say('Now');
    await say('1 day');
    await say('After closing');
    await say('no');
    assert.match(await say('Edit'), /Which poll would you like to launch\?/);
    assert.match(await say('cancel'), /Cancelled/);
  });

  it('starts a new draft from a past poll, asking only what differs', async () => {
    await say('compose steps');
    await say('agree');
    await say('access');
    await say('All teams');
    await say('Now');
    await say('7 days');
    await say('Author only');
    await say('no');
    const first = /poll (p[0-9a-f]+)/.exec(await say('Launch'))![1]!;
    assert.match(await say(`compose steps like ${first}`), /Which teams should it go to\?/);
    await say('AHP Community');
    await say('Now');
    const preview = await say('14 days');
    assert.match(preview, /Launch it, edit it, or cancel\?/);
    assert.match(preview, /Easier access to support/);
    const second = /poll (p[0-9a-f]+)/.exec(await say('Launch'))![1]!;
    const poll = (await bot.app.store.polls.get(second))!;
    assert.deepEqual([poll.kind, poll.priorityIds, poll.visibility, poll.anonymous], ['agreement', ['access'], 'author-only', false]);
  });

  it('previews exactly the card it launches: a prompt duplicated from one that allowed quotes keeps them in both', async () => {
    await postActivity(bot.url(), personalMessage(bot.connector.url, LEAD, 'launch one-change quotes=yes to="Paramedics North"'));
    const original = (await bot.app.store.polls.listOpenBetween('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z')).find((p) => p.kind === 'open')!;
    assert.equal(original.allowQuotes, true);
    await say(`compose steps like ${original.id}`);
    await say('Paramedics North');
    await say('Now');
    const preview = await say('7 days');
    assert.match(preview, /Launch it, edit it, or cancel\?/);
    assert.match(preview, /A short quote may appear in the weekly digest, never with your name/);
    const launched = /poll (p[0-9a-f]+)/.exec(await say('Launch'))![1]!;
    await bot.app.work.drainOutbox(async () => (await bot.app.store.deliveries.listForPoll(launched)).every((d) => d.status === 'sent'));
    const posted = bot.connector.cardsShown('19:cmpB@thread.tacv2').at(-1)!.card;
    assert.match(JSON.stringify(posted), /A short quote may appear in the weekly digest, never with your name/);
    assert.equal((await bot.app.store.polls.get(launched))!.allowQuotes, true);
  });

  it('tells someone who is not a lead that they cannot compose', async () => {
    const other = { ...LEAD, aadObjectId: '55555555-5555-4555-8555-555555555555', userId: '29:other5' };
    assert.match(await say('compose steps', other), /Only professional leads and admins can launch polls/);
  });
});

describe('A lead removed during a compose dialog (end to end)', function () {
  this.timeout(60_000);
  const ADMIN = { userId: '29:1admin-compose', aadObjectId: '00000000-0000-4000-8000-0000000ad0c0', name: 'Ada Admin' };
  const GRANTED = { userId: '29:1granted-lead', aadObjectId: '00000000-0000-4000-8000-00000000c0de', name: 'Gil Granted' };
  const bot = botUnderTest({ ADMIN_IDS: ADMIN.aadObjectId, OUTBOX_INTERVAL_MS: '100' }, { connector: { teams: TEAMS } });

  const say = (text: string, who: PersonFixture = GRANTED) => sayAll(bot, text, who);

  it('cannot launch once the role is gone: the role is checked at every turn, and where the launch happens', async () => {
    for (const team of TEAMS) await postActivity(bot.url(), teamInstallationUpdate(bot.connector.url, { teamId: team.id, name: team.name, aadGroupId: 'g' }));
    assert.match(await say(`lead add ${GRANTED.aadObjectId} Gil Granted`, ADMIN), /Gil Granted/);
    await say('compose steps');
    await say('top-priority');
    await say('All teams');
    await say('Now');
    await say('3 days');
    await say('Live');
    assert.match(await say('yes'), /Launch it, edit it, or cancel\?/);
    assert.match(await say(`lead remove ${GRANTED.aadObjectId}`, ADMIN), /removed|no longer/i);
    const last = await say('Launch');
    assert.match(last, /Only professional leads and admins can launch polls\. Nothing was launched\./);
    assert.doesNotMatch(last, /Launching poll/);
    assert.deepEqual(await bot.app.store.polls.listOpenBetween('2000-01-01T00:00:00.000Z', '9999-01-01T00:00:00.000Z'), [], 'no poll stored');
    assert.equal(bot.connector.activities.filter((a) => a.method === 'create').length, 0, 'nothing posted');
    assert.match(await say('compose steps'), /Only professional leads and admins can launch polls/);
  });
});
