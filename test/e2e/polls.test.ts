import assert from 'node:assert/strict';
import { ANSWER_NOT_SAVED, ANSWER_SAVED } from '../../src/application/polls/answer-poll';
import { PRIVATE_REPLY_NOT_POSTED } from '../../src/application/routing/reply';
import { escapeMarkdown } from '../../src/cards/escape';
import { VERBS } from '../../src/cards/verbs';
import { describeAnswer } from '../../src/domain/answer';
import { POLL_KINDS, type Poll, type PollKind } from '../../src/domain/poll';
import { tally } from '../../src/domain/results';
import { botUnderTest, STORES } from '../support/bot-under-test';
import { act, type Gesture, gestureFor } from '../support/card-client';
import { answerOf, CONTENT } from '../support/poll-fixtures';
import {
  AHP_COMMUNITY,
  cardActionInvoke,
  channelCardSubmit,
  channelMention,
  LEAD,
  type PersonFixture,
  personalConversationId,
  personalMessage,
  TENANT_ID,
} from '../support/teams-activities';
import { postActivity } from '../support/test-app';

const AHP = (n: number): PersonFixture => ({
  userId: `29:1ahp${String(n).padStart(6, '0')}`,
  aadObjectId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  name: `AHP ${n}`,
});

const CHANNEL = '19:strategy@thread.tacv2';

interface InvokeBody {
  statusCode: number;
  type: string;
  value: unknown;
}

for (const store of STORES) {
  describe(`Polls in a channel (end to end, real server, fake Bot Connector) [${store}]`, () => {
    const bot = botUnderTest(
      {
        LEAD_IDS: LEAD.aadObjectId,
        ADMIN_IDS: AHP(99).aadObjectId,
        MIN_RESPONDENTS: '3',
        CARD_REFRESH_MS: '500',
      },
      { store },
    );

    const url = () => bot.url();

    /** A lead @mentions the bot in the channel; returns the stored poll and its thread's conversation. */
    async function startPoll(command: string): Promise<{ poll: Poll; thread: Record<string, unknown> }> {
      const mention = channelMention(bot.connector.url, AHP_COMMUNITY, LEAD, command);
      (mention.channelData as Record<string, unknown>).channel = { id: CHANNEL };
      (mention.conversation as Record<string, unknown>).id = `${CHANNEL};messageid=1700000000000`;
      const before = bot.connector.activities.filter((a) => a.method === 'create').length;
      assert.equal((await postActivity(url(), mention)).status, 200);
      const created = bot.connector.activities.filter((a) => a.method === 'create');
      assert.equal(created.length, before + 1, `one new thread: ${JSON.stringify(bot.connector.activities.at(-1)?.activity.text)}`);
      const reply = bot.connector.activities.at(-1)!;
      const pollId = /Poll (p[0-9a-f]+) is posted/.exec(String(reply.activity.text))?.[1];
      assert.ok(pollId, `the lead is told the poll id: ${String(reply.activity.text)}`);
      const poll = (await bot.app.store.polls.get(pollId))!;
      return { poll, thread: { isGroup: true, conversationType: 'channel', tenantId: TENANT_ID, id: poll.postings[0]!.conversationId } };
    }

    /** An Action.Execute from the poll's thread, as Teams sends it; returns the card Teams shows the person. */
    async function invoke(
      thread: Record<string, unknown>,
      person: PersonFixture,
      verb: string,
      data: Record<string, unknown>,
    ): Promise<Record<string, unknown>> {
      const activity = cardActionInvoke(bot.connector.url, thread, person, verb, data, {
        tenant: { id: TENANT_ID },
        team: { id: AHP_COMMUNITY.teamId },
        channel: { id: CHANNEL },
      });
      const result = await postActivity(url(), activity);
      assert.equal(result.status, 200);
      const body = result.body as InvokeBody;
      assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
      return body.value as Record<string, unknown>;
    }

    /** Hand-built card data: only for payloads no card would send (the refusal tests). */
    async function answer(thread: Record<string, unknown>, person: PersonFixture, poll: Poll, data: Record<string, unknown>, verb: string = VERBS.answerPoll) {
      return JSON.stringify(await invoke(thread, person, verb, { pollId: poll.id, ...data }));
    }

    it('shows an anonymous live poll’s figures in steps of K: two views either side of one answer, or one change, show the same figures', async () => {
      // K = 3 here. Each figure shown was stored with the poll, so every instance shows the same.
      const { poll, thread } = await startPoll('poll top-priority results=live closes=2d');
      const figures = (card: unknown) => {
        const json = JSON.stringify(card);
        return json.slice(json.indexOf('"id":"results"'), json.indexOf('"id":"status"'));
      };
      const shared = async () => {
        await bot.app.work.flushCardUpdates();
        return shownCard(poll);
      };
      for (const n of [1, 2, 3]) await execute(thread, AHP(n), shownCard(poll), { press: 'Easier access to support' });
      const atThree = await shared();
      assert.match(JSON.stringify(atThree), /3 \(100%\)/, 'the first figures, from 3 people');
      assert.match(JSON.stringify(atThree), /Results move in steps of 3 answers/);
      // A fourth person, then a fifth: the figures do not move, so neither answer can be read off them.
      const fourth = JSON.stringify(await execute(thread, AHP(4), shownCard(poll), { press: 'Optimising care' }));
      assert.match(fourth, /Your answer: Optimising care/, 'the person sees their own answer');
      const atFour = await shared();
      assert.equal(figures(atFour), figures(atThree), 'the same figures either side of the fourth answer');
      assert.match(JSON.stringify(atFour), /4 answers/, 'the count moves: that someone answered is not what they answered');
      await execute(thread, AHP(1), shownCard(poll), { press: 'Optimising care' }); // a change
      assert.equal(figures(await shared()), figures(atThree), 'nor does a change show by itself');
      await execute(thread, AHP(5), shownCard(poll), { press: 'Optimising care' });
      assert.equal(figures(await shared()), figures(atThree));
      // The sixth answer is the third since the figures were drawn: they are redrawn, from 6 people.
      await execute(thread, AHP(6), shownCard(poll), { press: 'Optimising care' });
      const atSix = JSON.stringify(await shared());
      assert.match(atSix, /4 \(67%\)/, '4 of 6 now on optimising care');
      assert.match(atSix, /2 \(33%\)/, 'and 2 on access');
      assert.equal((await bot.app.store.polls.get(poll.id))?.shownResults?.respondents, 6);
      // Once closed, the final figures, exact.
      await execute(thread, AHP(2), shownCard(poll), { press: 'Optimising care' });
      const leadsView = await execute(thread, LEAD, shownCard(poll), { press: 'My answer and results' });
      assert.match(JSON.stringify(await execute(thread, LEAD, leadsView, { press: 'Close now' })), /The poll is closed/);
      assert.match(JSON.stringify(await shared()), /5 \(83%\)/, 'final: 5 of 6 on optimising care');
    });

    it('lets a lead post a poll that AHPs answer in one tap, change, and see counted on the shared card', async () => {
      // Named, so its live figures follow every answer (an anonymous poll's move in steps of K: below).
      const { poll, thread } = await startPoll('poll top-priority results=live closes=2d anonymous=no');
      assert.equal(poll.kind, 'single');
      assert.equal(poll.postings[0]!.channelId, CHANNEL);
      assert.equal(poll.postings[0]!.conversationId, `${CHANNEL};messageid=${poll.postings[0]!.activityId}`, 'the card is the root message of its thread');
      assert.match(JSON.stringify(shownCard(poll)), /Which draft priority matters most to you this week/);

      const mine = JSON.stringify(await execute(thread, AHP(1), shownCard(poll), { press: 'Easier access to support' }));
      assert.match(mine, /Your answer: Easier access to support/);
      assert.match(mine, /You can change your answer until/);
      await execute(thread, AHP(2), shownCard(poll), { press: 'Easier access to support' });
      await execute(thread, AHP(3), shownCard(poll), { press: 'Optimising care' });
      const changed = JSON.stringify(await execute(thread, AHP(3), shownCard(poll), { press: 'Easier access to support' }));
      assert.match(changed, /Your answer: Easier access to support/);

      await bot.app.work.flushCardUpdates();
      const shared = JSON.stringify(shownCard(poll));
      assert.match(shared, /3 answers/);
      assert.match(shared, /3 \(100%\)/, 'all three now chose access');
      assert.deepEqual(
        bot.connector.requests.filter((r) => r.status === 404),
        [],
      );
      const responses = await bot.app.store.responses.list(poll.id);
      assert.equal(responses.length, 3);
    });

    it("answers each tap with the person's card as UTF-8 JSON, its type and length declared, each with its own count", async () => {
      const { poll, thread } = await startPoll('poll top-priority results=live closes=2d');
      for (const [n, press] of [
        [1, 'Optimising care'],
        [2, 'Optimising care'],
      ] as const) {
        const action = act(shownCard(poll), { press });
        const activity = cardActionInvoke(bot.connector.url, thread, AHP(n), action.verb, action.data, {
          tenant: { id: TENANT_ID },
          team: { id: AHP_COMMUNITY.teamId },
          channel: { id: CHANNEL },
        });
        const response = await fetch(`${url()}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(activity),
        });
        const bytes = Buffer.from(await response.arrayBuffer());
        assert.equal(response.status, 200);
        assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
        assert.equal(Number(response.headers.get('content-length')), bytes.length);
        const body = JSON.parse(bytes.toString('utf8')) as InvokeBody;
        assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
        const card = JSON.stringify(body.value);
        assert.match(card, new RegExp(`"${n} answers? · Closes on`));
        assert.match(card, /◉ {2}Optimising care \(your answer\)/);
      }
    });

    const TEMPLATE: Record<PollKind, string> = {
      single: 'top-priority',
      multi: 'top-two',
      agreement: 'agree priority=joined-up-care',
      rating: 'rate',
      rank: 'rank',
      open: 'one-change quotes=yes',
    };
    /** The poll's card as the channel shows it now (the message Teams issued for it, as last updated). */
    function shownCard(poll: Poll): Record<string, unknown> {
      const activityId = poll.postings[0]!.activityId;
      const shown = bot.connector.cardsShown(CHANNEL).filter((c) => c.id === activityId);
      assert.equal(shown.length, 1, `the channel shows the poll's card once, as message ${activityId}`);
      return shown[0]!.card;
    }

    /** A person presses a button on a card (Action.Execute); returns the card Teams shows them in its place. */
    async function execute(thread: Record<string, unknown>, person: PersonFixture, card: unknown, gesture: Gesture): Promise<Record<string, unknown>> {
      const action = act(card, gesture);
      return invoke(thread, person, action.verb, action.data);
    }

    /** The same button on a client without Universal Actions (Action.Submit); returns what the bot posted in the thread. */
    async function submit(poll: Poll, person: PersonFixture, card: unknown, gesture: Gesture): Promise<Record<string, unknown>[]> {
      const action = act(card, gesture);
      const posting = poll.postings[0]!;
      const before = bot.connector.activities.length;
      const thread = { conversationId: posting.conversationId, channelId: CHANNEL, cardActivityId: posting.activityId };
      assert.equal((await postActivity(url(), channelCardSubmit(bot.connector.url, AHP_COMMUNITY, person, thread, action.submitValue))).status, 200);
      return bot.connector.activities.slice(before).map((a) => a.activity);
    }

    for (const kind of POLL_KINDS) {
      it(`runs a ${kind} poll from its own card: answered by Action.Execute and by the Action.Submit fallback, changed, closed, seen`, async () => {
        const { poll, thread } = await startPoll(`poll ${TEMPLATE[kind]} results=after-close`);
        assert.equal(poll.kind, kind);
        const posted = shownCard(poll);
        for (let n = 1; n <= 4; n++) {
          const gesture = gestureFor(poll, answerOf(kind, n), CONTENT.catalog, 'Send answer');
          if (n % 2 === 1) {
            const card = JSON.stringify(await execute(thread, AHP(n), posted, gesture));
            assert.ok(card.includes('Saved. You can change your answer until'), card.slice(0, 400));
            assert.doesNotMatch(card, /Results so far/, 'after-close: no results while open');
          } else {
            const replies = await submit(poll, AHP(n), posted, gesture);
            assert.deepEqual(
              replies.map((r) => [r.text, r.attachments]),
              [[ANSWER_SAVED, undefined]],
              'the thread hears only that an answer was saved',
            );
          }
        }
        assert.equal(await bot.app.store.responses.count(poll.id), 4);

        // AHP 4 looks at their own view, then changes their answer from it.
        const own = await execute(thread, AHP(4), shownCard(poll), { press: 'My answer and results' });
        const changed = answerOf(kind, 9);
        const card = JSON.stringify(await execute(thread, AHP(4), own, gestureFor(poll, changed, CONTENT.catalog, 'Change your answer')));
        const shown = JSON.stringify(`Your answer: ${escapeMarkdown(describeAnswer(poll, changed))}`).slice(1, -1);
        assert.ok(card.includes(shown), `the changed answer is shown back: ${shown}`);

        const leadsView = await execute(thread, LEAD, shownCard(poll), { press: 'My answer and results' });
        await execute(thread, LEAD, leadsView, { press: 'Close now' });
        await bot.app.work.flushCardUpdates();
        assert.match(JSON.stringify(shownCard(poll)), /Final results \(4 people\)/, 'the posted card itself now shows the final results');
        assert.deepEqual(
          bot.connector.requests.filter((r) => r.status === 404),
          [],
          'every update named the message Teams issued',
        );
        const expected = tally(poll, [answerOf(kind, 1), answerOf(kind, 2), answerOf(kind, 3), changed]);
        const stored = tally(
          poll,
          (await bot.app.store.responses.list(poll.id)).map((r) => r.value),
        );
        assert.deepEqual(stored, expected);
        const seen = JSON.stringify(await execute(thread, AHP(2), shownCard(poll), { press: 'Results' }));
        assert.match(seen, /Final results \(4 people\)/);
      });
    }

    it("never posts a person's answer, results or buttons into the channel from the Action.Submit fallback, even on a named poll", async () => {
      const { poll } = await startPoll('poll agree priority=access anonymous=no results=live');
      for (let n = 1; n <= 3; n++) await submit(poll, AHP(n), shownCard(poll), { press: 'Strongly disagree' });
      const view = await submit(poll, AHP(1), shownCard(poll), { press: 'My answer and results' });
      assert.deepEqual(
        view.map((r) => r.text),
        [PRIVATE_REPLY_NOT_POSTED],
      );
      const again = await submit(poll, AHP(1), shownCard(poll), { press: 'Strongly disagree' });
      assert.deepEqual(
        again.map((r) => r.text),
        [ANSWER_SAVED],
      );
      const thread = bot.connector.shown(CHANNEL).filter((m) => m.conversationId === poll.postings[0]!.conversationId);
      const everything = JSON.stringify(thread);
      assert.doesNotMatch(everything, /Strongly disagree \(your answer\)|Your answer:|Results so far|Close now/);
      assert.equal(await bot.app.store.responses.count(poll.id), 3);
    });

    it('refuses an answer whose card data was changed, in the thread as in the card, and stores nothing', async () => {
      const { poll } = await startPoll('poll rate');
      const card = JSON.parse(JSON.stringify(shownCard(poll)).replace(/"id":"rate_access"/g, '"id":"rate_elsewhere"')) as unknown;
      const gesture = gestureFor(poll, answerOf('rating', 1), CONTENT.catalog, 'Send answer');
      const replies = await submit(poll, AHP(1), card, gesture);
      assert.deepEqual(
        replies.map((r) => r.text),
        [ANSWER_NOT_SAVED],
      );
      assert.equal(await bot.app.store.responses.count(poll.id), 0);
    });

    it('refuses bad answers in the card and stores nothing', async () => {
      const { poll, thread } = await startPoll('poll rank');
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ rank1: 'access', rank2: 'access', rank3: 'optimising-care' }, /Each priority can appear once/],
        [{ rank1: 'access', rank2: 'nonsense', rank3: 'optimising-care' }, /place 2 is not part of this poll/],
        [{ rank1: 'access' }, /place 2 is empty/],
        [{ rank1: 42, rank2: 'x', rank3: 'y' }, /not in a form I understand/],
      ];
      for (const [data, problem] of cases) {
        const card = await answer(thread, AHP(1), poll, data);
        assert.match(card, problem);
        assert.match(card, /Your answer was not saved/);
      }
      assert.equal(await bot.app.store.responses.count(poll.id), 0);

      const elsewhere = await answer({ ...thread, id: '19:another@thread.tacv2;messageid=1' }, AHP(1), poll, {
        rank1: 'access',
        rank2: 'optimising-care',
        rank3: 'ahp-identity',
      });
      assert.match(elsewhere, /This poll was not posted here/);
      const unknown = await answer(thread, AHP(1), { ...poll, id: 'pdoesnotexist' }, { rank1: 'access' });
      assert.match(unknown, /This poll is not available/);
      assert.equal(await bot.app.store.responses.count(poll.id), 0);
    });

    it('keeps results hidden until answered for after-answer polls, and under the small-number threshold', async () => {
      const { poll, thread } = await startPoll('poll agree priority=access');
      assert.equal(poll.visibility, 'after-answer');
      const first = JSON.stringify(await execute(thread, AHP(1), shownCard(poll), { press: 'Agree' }));
      assert.match(first, /Results show once 3 people have answered/);
      await execute(thread, AHP(2), shownCard(poll), { press: 'Agree' });
      const third = JSON.stringify(await execute(thread, AHP(3), shownCard(poll), { press: 'Strongly agree' }));
      assert.match(third, /Results so far \(3 people\)/);
      await bot.app.work.flushCardUpdates();
      const shared = JSON.stringify(shownCard(poll));
      assert.match(shared, /3 answers/);
      assert.doesNotMatch(shared, /Results so far/);
      assert.match(shared, /Results show once you have answered/);
    });

    it('lets the author close the poll early; then it takes no answers and the card shows final results', async () => {
      const { poll, thread } = await startPoll('poll top-priority');
      for (let i = 1; i <= 3; i++) await execute(thread, AHP(i), shownCard(poll), { press: 'Developing the AHP identity' });

      // "Close now" is on the author's own view only; a forged request from anyone else is refused.
      const ahpsView = await execute(thread, AHP(1), shownCard(poll), { press: 'My answer and results' });
      assert.throws(() => act(ahpsView, { press: 'Close now' }), /shows 0 buttons titled "Close now"/);
      const refused = await answer(thread, AHP(1), poll, {}, VERBS.closePoll);
      assert.match(refused, /Only the poll’s author can close it/);
      assert.equal((await bot.app.store.polls.get(poll.id))!.status, 'open');

      const leadsView = await execute(thread, LEAD, shownCard(poll), { press: 'My answer and results' });
      const closed = JSON.stringify(await execute(thread, LEAD, leadsView, { press: 'Close now' }));
      assert.match(closed, /The poll is closed/);
      const stored = (await bot.app.store.polls.get(poll.id))!;
      assert.equal(stored.status, 'closed');
      assert.equal(stored.closedBy, 'author');
      await bot.app.work.flushCardUpdates();
      assert.match(JSON.stringify(shownCard(poll)), /Final results \(3 people\)/);

      // A card still open on someone's screen, from before it closed.
      const late = await answer(thread, AHP(4), poll, { choice: 'access' });
      assert.match(late, /it takes no more answers/);
      assert.equal(await bot.app.store.responses.count(poll.id), 3);
    });

    it("lets an admin close anyone's poll with the close command, and says so", async () => {
      const { poll } = await startPoll('poll rate');
      const command = channelMention(bot.connector.url, AHP_COMMUNITY, AHP(99), `close ${poll.id}`);
      await postActivity(url(), command);
      assert.match(JSON.stringify(bot.connector.cards().at(-1)!.card), /The poll is closed/);
      const stored = (await bot.app.store.polls.get(poll.id))!;
      assert.equal(stored.status, 'closed');
      assert.equal(stored.closedBy, 'admin');
    });

    it('tells someone who is not a lead, politely, that they cannot start a poll', async () => {
      const mention = channelMention(bot.connector.url, AHP_COMMUNITY, AHP(7), 'poll top-priority');
      await postActivity(url(), mention);
      assert.match(String(bot.connector.activities.at(-1)!.activity.text), /Only professional leads and admins can start polls/);
      assert.equal(bot.connector.activities.filter((a) => a.method === 'create').length, 0);
    });

    it('lists the templates when a lead asks for an unknown one, and explains a bad choice', async () => {
      const mention = channelMention(bot.connector.url, AHP_COMMUNITY, LEAD, 'poll favourite-colour');
      await postActivity(url(), mention);
      assert.match(JSON.stringify(bot.connector.cards().at(-1)!.card), /There is no poll template called \\"favourite-colour\\"/);
      await postActivity(url(), channelMention(bot.connector.url, AHP_COMMUNITY, LEAD, 'poll top-priority closes=forever'));
      assert.match(String(bot.connector.activities.at(-1)!.activity.text), /closes is a length of time/);
    });

    it('stores a profession once and carries it on later answers; anonymous answers keep no identity', async () => {
      // "profession" in our chat shows the profile card; the AHP chooses and saves it (an older client: Action.Submit).
      await postActivity(url(), personalMessage(bot.connector.url, AHP(5), 'profession'));
      const profileCard = bot.connector.cardsShown(personalConversationId(AHP(5))).at(-1)!.card;
      const save = act(profileCard, { fill: { Profession: 'Paramedic' }, press: 'Save' });
      await postActivity(url(), personalMessage(bot.connector.url, AHP(5), '', save.submitValue));
      assert.equal((await bot.app.store.profiles.get(AHP(5).aadObjectId))?.profession, 'paramedic');
      const { poll, thread } = await startPoll('poll one-change anonymous=yes');
      const written = { kind: 'open' as const, text: 'More joined-up rehab after discharge', priorityId: 'joined-up-care' };
      await execute(thread, AHP(5), shownCard(poll), gestureFor(poll, written, CONTENT.catalog, 'Send answer'));
      const [stored] = await bot.app.store.responses.list(poll.id);
      assert.equal(stored!.profession, 'paramedic');
      const raw = JSON.stringify(stored);
      for (const identity of [AHP(5).aadObjectId, AHP(5).userId, AHP(5).name]) assert.ok(!raw.includes(identity), `no ${identity}`);
      assert.match(stored!.respondentKey, /^anon:/);
    });
  });
}
