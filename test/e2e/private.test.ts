import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SECRET_FILE_NAME } from '../../src/adapters/store/local-secret';
import { exportToken } from '../../src/application/digest/export-responses';
import { VERBS } from '../../src/cards/verbs';
import { botUnderTest, sayInChat } from '../support/bot-under-test';
import { download } from '../support/downloads';
import {
  AHP_COMMUNITY,
  cardActionInvoke,
  channelMention,
  LEAD,
  type PersonFixture,
  personalConversationOf,
  TENANT_ID,
  teamInstallationUpdate,
} from '../support/teams-activities';
import { postActivity } from '../support/test-app';

const OTHER_LEAD: PersonFixture = { userId: '29:1otherlead', aadObjectId: '00000000-0000-4000-8000-0000000001e2', name: 'Olu Lead' };
const ADMIN: PersonFixture = { userId: '29:1admin', aadObjectId: '00000000-0000-4000-8000-0000000ad001', name: 'Ada Admin' };
const AHP: PersonFixture = { userId: '29:1ahp-private', aadObjectId: '00000000-0000-4000-8000-0000000a0a01', name: 'Ari Physio' };
const EVIL = '[x](https://evil.example)';

/** Who may do what to a poll, and what the bot will say back: through the real server, as Teams sends it. */
describe('Private stays private: commands, views and exports (end to end)', function () {
  this.timeout(60_000);
  const bot = botUnderTest({ LEAD_IDS: `${LEAD.aadObjectId},${OTHER_LEAD.aadObjectId}`, ADMIN_IDS: ADMIN.aadObjectId }, { once: true });
  let pollId = '';
  let thread: Record<string, unknown> = {};

  const say = async (text: string, who: PersonFixture) => {
    const reply = await sayInChat(bot, who, text);
    return reply.text + (reply.card === 'null' ? '""' : reply.card);
  };
  /** What Teams would draw as a link in a message: a markdown link (an unescaped "]("), or a bare address it autolinks. */
  const linkIn = (text: string) => /(?<!\\)\]\(|https?:\/\/evil|www\.evil/.test(text.replace(/\\\\/g, '\\'));

  before(async () => {
    await postActivity(bot.url(), teamInstallationUpdate(bot.connector.url, AHP_COMMUNITY));
    await postActivity(bot.url(), channelMention(bot.connector.url, AHP_COMMUNITY, LEAD, 'poll top-priority results=after-close'));
    pollId = /Poll (p[0-9a-f]+) is posted/.exec(String(bot.connector.activities.at(-1)!.activity.text))![1]!;
    const poll = (await bot.app.store.polls.get(pollId))!;
    thread = { isGroup: true, conversationType: 'channel', tenantId: TENANT_ID, id: poll.postings[0]!.conversationId };
  });

  it('never echoes user text as markdown: a link typed into a command comes back as text, or not at all', async () => {
    for (const command of [
      `status ${EVIL}`,
      `close "${EVIL}"`,
      `export poll ${EVIL}`,
      `launch top-priority to="${EVIL}"`,
      `poll ${EVIL}`,
      `weekly stop ${EVIL}`,
    ]) {
      const reply = await say(command, LEAD);
      assert.ok(reply.length > 0, command);
      assert.equal(linkIn(reply), false, `${command} → ${reply}`);
    }
    assert.match(await say(`status ${EVIL}`, LEAD), /^That is not a poll id/);
    assert.match(await say(`digest ${EVIL}`, LEAD), /is not a date/);
  });

  it('checks the role before it echoes anything: an AHP hears only that the command is not theirs', async () => {
    for (const command of [`status ${EVIL}`, `cancel ${pollId}`, `recall ${pollId}`, `close ${EVIL}`, `export poll ${pollId}`, `audit 7`]) {
      const reply = await say(command, AHP);
      assert.match(reply, /Only (professional leads and admins|AHP Pulse admins) can/, command);
      assert.ok(!reply.includes(pollId) && !reply.includes('evil'), `${command} → ${reply}`);
    }
  });

  it('lets only the owner or an admin close, cancel, recall or stop a weekly pulse; another lead is told no and nothing changes', async () => {
    assert.match(await say(`close ${pollId}`, OTHER_LEAD), /Only the poll’s author can close it/);
    assert.match(await say(`cancel ${pollId}`, OTHER_LEAD), /Only the poll’s author or an admin can cancel or recall it/);
    assert.match(await say(`recall ${pollId}`, OTHER_LEAD), /Only the poll’s author or an admin can cancel or recall it/);
    assert.equal((await bot.app.store.polls.get(pollId))!.status, 'open');
    const weekly = await say('weekly top-priority day=monday time=09:00 to=all', LEAD);
    const pulseId = /Weekly pulse (w[0-9a-f]+) is set up/.exec(weekly)![1]!;
    assert.match(await say(`weekly stop ${pulseId}`, OTHER_LEAD), /Only the lead who set up weekly pulse .* or an admin, can stop it/);
    assert.equal((await bot.app.store.weeklyPulses.get(pulseId))!.status, 'active');
    assert.match(await say(`weekly stop ${pulseId}`, ADMIN), /is stopped/);
  });

  it('shows a poll (poll.view) only where it was posted, or to its author or an admin', async () => {
    const view = async (who: PersonFixture, conversation: Record<string, unknown>, channelData?: Record<string, unknown>) =>
      JSON.stringify((await postActivity(bot.url(), cardActionInvoke(bot.connector.url, conversation, who, VERBS.viewPoll, { pollId }, channelData))).body);
    const inThread = await view(AHP, thread, { tenant: { id: TENANT_ID }, team: { id: AHP_COMMUNITY.teamId }, channel: { id: AHP_COMMUNITY.teamId } });
    assert.match(inThread, /Which draft priority matters most/);
    const elsewhere = await view(AHP, personalConversationOf(AHP));
    assert.match(elsewhere, /This poll is not available/);
    assert.doesNotMatch(elsewhere, /Which draft priority/, 'not even whether it exists');
    assert.match(await view(LEAD, personalConversationOf(LEAD)), /Which draft priority matters most/, 'its author, anywhere');
    assert.match(await view(ADMIN, personalConversationOf(ADMIN)), /Which draft priority matters most/, 'an admin, anywhere');
  });

  it('exports only for the author or an admin, only once an after-close poll has closed, and never an anonymous poll under K', async () => {
    assert.match(await say(`export poll ${pollId}`, OTHER_LEAD), /Only the author of poll .*, or an admin, can export it/);
    assert.match(await say(`export poll ${pollId}`, LEAD), /shows its results only once it closes/);
    assert.match(await say(`close ${pollId}`, LEAD), /The poll is closed/);
    assert.match(await say(`export poll ${pollId}`, LEAD), /anonymous and fewer than 5 people answered it/);
  });

  it('signs export links with a key of their own: a link signed with the respondent key is refused', async () => {
    const links = [...(await say('export week', ADMIN)).matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]!);
    assert.equal(links.length, 2);
    const respondentKey = fs.readFileSync(path.join(bot.data.dir, SECRET_FILE_NAME), 'utf8').trim();
    const claims = JSON.parse(Buffer.from(new URL(links[0]!).searchParams.get('link')!.split('.')[0]!, 'base64url').toString('utf8'));
    const forged = exportToken(respondentKey, { ...claims, n: 'forged-nonce' });
    assert.equal((await download(`${bot.url()}/exports/responses.csv?link=${forged}`)).status, 403);
    assert.equal((await fetch(links[0]!)).status, 200, 'opening the link shows its page');
    assert.equal((await fetch(links[0]!)).status, 200, 'and spends nothing: a link scanner opening it first leaves it working');
    assert.equal((await download(links[0]!)).status, 200, 'the link the bot signed works');
    assert.equal((await download(links[0]!)).status, 410, 'once');
  });

  it('lists a team’s channel ids for an admin who asks in one of its channels, and for nobody else', async () => {
    const inChannel = async (who: PersonFixture) => {
      await postActivity(bot.url(), channelMention(bot.connector.url, AHP_COMMUNITY, who, 'channels'));
      return String(bot.connector.activities.at(-1)!.activity.text);
    };
    assert.match(
      await inChannel(ADMIN),
      new RegExp(`Channels of AHP Community \\(team id ${AHP_COMMUNITY.teamId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\): General: `),
    );
    assert.match(await inChannel(LEAD), /Only AHP Pulse admins can list the channel ids/);
    assert.match(await say('channels', ADMIN), /Type "channels" in a channel of the team/);
  });

  it('keeps an append-only audit record of role changes, launches, closes, cancels, recalls, weekly stops and exports, naming people by pseudonym', async () => {
    assert.match(await say(`lead add ${AHP.aadObjectId} Ari`, ADMIN), /is now a lead/);
    assert.match(await say(`lead remove ${AHP.aadObjectId}`, ADMIN), /is no longer a lead/);
    await postActivity(bot.url(), channelMention(bot.connector.url, AHP_COMMUNITY, LEAD, 'poll top-priority'));
    const second = /Poll (p[0-9a-f]+) is posted/.exec(String(bot.connector.activities.at(-1)!.activity.text))![1]!;
    assert.match(await say(`cancel ${second}`, LEAD), /is cancelled/);
    assert.match(await say(`recall ${second}`, ADMIN), /is recalled/);
    const audit = await say('audit', ADMIN);
    for (const action of [
      'lead.added',
      'lead.removed',
      'poll.launched',
      'poll.closed',
      'poll.cancelled',
      'poll.recalled',
      'weekly.stopped',
      'export.issued',
      'export.downloaded',
    ]) {
      assert.match(audit, new RegExp(`${action.replace('.', '\\.')} · `), action);
    }
    for (const who of [LEAD, ADMIN, AHP]) assert.doesNotMatch(audit, new RegExp(`${who.aadObjectId}|${who.name}|${who.userId}`), 'people by pseudonym only');
    assert.match(audit, / · by pn:[\w-]+/);
  });
});
