import assert from 'node:assert/strict';
import { openSqliteStore } from '../../src/adapters/store/embedded/store';
import { participantSeals } from '../../src/application/polls/respondent-key';
import type { PollResponse } from '../../src/domain/response';
import { botUnderTest, STORES, sayInChat } from '../support/bot-under-test';
import { actionOnCard, invokeOf, latestPostedCard, type PostedCard } from '../support/card-answers';
import { cosmosEnv, openTestCosmosStore, startCosmosTarget, uniqueDatabase } from '../support/cosmos-server';
import { AHP_COMMUNITY, channelMention, LEAD, type PersonFixture, teamInstallationUpdate } from '../support/teams-activities';
import { memoryLogger, postActivity, startTestApp, tempDir } from '../support/test-app';

const SECRET = 'an-unlinkability-test-secret-of-32-characters-or-more';
const ADMIN: PersonFixture = { userId: '29:1admin-unlink', aadObjectId: '00000000-0000-4000-8000-0000000ad0a1', name: 'Ada Admin' };
const people = (n: number): PersonFixture[] =>
  Array.from({ length: n }, (_, i) => ({
    userId: `29:1unlink-${i}`,
    aadObjectId: `5a3e0000-0000-4000-8000-0000000a11${String(i).padStart(2, '0')}`,
    name: `Person Unlink ${i}`,
  }));

/** Every string in a value, however deep. */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

for (const store of STORES) {
  describe(`Anonymous answers cannot be linked to a person from the store, the audit log or the logs (end to end, ${store} store)`, function () {
    this.timeout(120_000);
    const logger = memoryLogger();
    const bot = botUnderTest(
      { LEAD_IDS: LEAD.aadObjectId, ADMIN_IDS: ADMIN.aadObjectId, RESPONDENT_KEY_SECRET: SECRET, MIN_RESPONDENTS: '5' },
      { store, logger },
    );

    const startPoll = async (args: string) => {
      await postActivity(bot.url(), channelMention(bot.connector.url, AHP_COMMUNITY, LEAD, `poll ${args}`));
      const pollId = /Poll (p[0-9a-f]+) is posted/.exec(String(bot.connector.activities.at(-1)!.activity.text))![1]!;
      return { pollId, posted: latestPostedCard(bot.connector, AHP_COMMUNITY.teamId) };
    };
    const answer = async (who: PersonFixture, poll: { posted: PostedCard }, press: string) => {
      const action = actionOnCard(bot.connector, poll.posted, { press });
      const result = await postActivity(bot.url(), invokeOf(bot.connector, poll.posted, who, action));
      assert.match(JSON.stringify(result.body), /Saved/);
    };

    it('shares no value between a person’s anonymous answer and their named one, the audit log or any log line; the digest still counts them once', async () => {
      await postActivity(bot.url(), teamInstallationUpdate(bot.connector.url, AHP_COMMUNITY));
      const named = await startPoll('top-priority anonymous=no results=live');
      const anonymous = await startPoll('agree priority=access');
      const everyone = people(5);
      for (const who of everyone) {
        await answer(who, named, 'Easier access to support');
        await answer(who, anonymous, 'Agree');
      }
      const [sam] = everyone;
      // Things that write the audit log and the logs about Sam and about the polls.
      assert.match((await sayInChat(bot, ADMIN, `lead add ${sam!.aadObjectId} Sam`)).text + (await sayInChat(bot, ADMIN, 'leads')).text, /Sam/);
      await sayInChat(bot, sam!, 'my data');
      assert.match((await sayInChat(bot, LEAD, `close ${named.pollId}`)).card, /closed/);
      assert.match((await sayInChat(bot, LEAD, `close ${anonymous.pollId}`)).card, /closed/);

      const namedRows = await bot.app.store.responses.list(named.pollId);
      const anonymousRows = await bot.app.store.responses.list(anonymous.pollId);
      assert.equal(namedRows.length, 5);
      assert.equal(anonymousRows.length, 5);
      const samNamed = namedRows.find((r) => r.aadObjectId === sam!.aadObjectId.toLowerCase())!;
      assert.ok(samNamed, 'the named row names Sam');
      const audit = await bot.app.store.audit.listSince('2000-01-01T00:00:00.000Z', 1_000);
      assert.ok(audit.length >= 3, `${audit.length} audit records`);
      const elsewhere = JSON.stringify([namedRows, audit, logger.lines]);

      for (const row of anonymousRows) {
        assert.equal(row.aadObjectId, undefined);
        assert.equal(row.name, undefined);
        assert.equal((row as { participantKey?: string }).participantKey, undefined, 'no cross-poll pseudonym in the clear');
        assert.match(row.participantSeal ?? '', /^s1\.[\w-]{43}$/);
        // Every value of the anonymous row but its poll id and its answer.
        const { pollId: _poll, value: _answer, ...rest } = row;
        for (const value of stringsIn(rest)) {
          assert.ok(!elsewhere.includes(value), `"${value}" of an anonymous row appears in a named row, an audit record or a log line`);
        }
      }
      // The key's holder, and only they, see that five people gave the ten answers.
      const { opener } = participantSeals(SECRET);
      const opened = opener.open([...namedRows, ...anonymousRows].map((r) => r.participantSeal!));
      assert.equal(new Set(opened).size, 5);
      assert.ok(
        opened.every((v) => v !== undefined),
        'every seal opens',
      );
      const digest = (await sayInChat(bot, LEAD, 'digest')).card;
      assert.match(digest, /5 people answered this week/, 'people, not answers: five, not ten');
    });
  });

  describe(`Answers stored with an earlier release's participant key are sealed at start-up (${store} store)`, function () {
    this.timeout(60_000);
    it('replaces each participantKey with a seal of the same person, so old and new answers still count as one person', async () => {
      const data = tempDir();
      const cosmos = store === 'cosmos' ? await startCosmosTarget() : undefined;
      const database = uniqueDatabase();
      const env: Record<string, string> = { RESPONDENT_KEY_SECRET: SECRET, ...(cosmos ? cosmosEnv(cosmos, database) : {}) };
      const open = () => (cosmos ? openTestCosmosStore(cosmos, database, true) : Promise.resolve(openSqliteStore(data.dir)));
      // The pseudonym the earlier release stored: HMAC(secret, "participant\n" + who), 22 base64url characters.
      const { createHmac } = await import('node:crypto');
      const legacyKey = (aad: string) => `pn:${createHmac('sha256', SECRET).update(`participant\naad:${aad}`).digest('base64url').slice(0, 22)}`;
      const at = new Date().toISOString();
      const legacy = (pollId: string, n: number, aad: string) =>
        ({
          pollId,
          respondentKey: `anon:legacy-${pollId}-${n}`,
          participantKey: legacyKey(aad),
          value: { kind: 'single', optionId: 'access' },
          answeredAt: at,
          firstAnsweredAt: at,
          revision: 0,
        }) as PollResponse;
      const before = await open();
      const sam = '5a3e0000-0000-4000-8000-00000000beef';
      for (let n = 0; n < 3; n++) await before.responses.save(legacy('p-old-1', n, n === 0 ? sam : `aad-${n}`));
      await before.responses.save(legacy('p-old-2', 0, sam));
      await before.close();

      const app = await startTestApp(data.dir, env);
      try {
        const rows = [...(await app.store.responses.list('p-old-1')), ...(await app.store.responses.list('p-old-2'))];
        assert.equal(rows.length, 4, 'nothing lost');
        for (const row of rows) {
          assert.equal((row as { participantKey?: string }).participantKey, undefined);
          assert.match(row.participantSeal ?? '', /^s1\./);
        }
        assert.equal(new Set(rows.map((r) => r.participantSeal)).size, 4, 'each seal is fresh: Sam’s two are not equal');
        const seals = participantSeals(SECRET);
        const [oldSam, , , otherPoll] = seals.opener.open(rows.map((r) => r.participantSeal!));
        const [newSam] = seals.opener.open([seals.seal({ aadObjectId: sam, userId: '' })]);
        assert.equal(oldSam, otherPoll, 'one person across the two polls');
        assert.equal(oldSam, newSam, 'and the same as an answer Sam gives now');
        assert.equal(await app.store.responses.resealLegacyParticipants(seals.sealLegacy), 0, 'a second run changes nothing');
      } finally {
        await app.stop();
        await cosmos?.stop();
        data.remove();
      }
    });
  });
}
