import assert from 'node:assert/strict';
import { draftKey } from '../../src/application/authoring/form-steps';
import type { AnswerValue } from '../../src/domain/answer';
import { POLL_KINDS, type Poll, type PollKind } from '../../src/domain/poll';
import { botUnderTest, STORES, sayInChat } from '../support/bot-under-test';
import { actionOnCard, invokeOf, latestPostedCard } from '../support/card-answers';
import { act, gestureFor, inputsOf, submitDialog } from '../support/card-client';
import { fixtureDigest, WEEK } from '../support/digest-fixtures';
import { CONTENT } from '../support/poll-fixtures';
import {
  AHP_COMMUNITY,
  cardActionInvoke,
  channelMention,
  formInvoke,
  LEAD,
  type PersonFixture,
  personalConversationOf,
  teamInstallationUpdate,
} from '../support/teams-activities';
import { postActivity } from '../support/test-app';

/**
 * A lead writes a poll in their own words in a Teams dialog: from a channel's compose box
 * (the message extension's action command, with Teams' own preview) and from a card in chat
 * (task/fetch), end to end through the real HTTP server with the invoke shapes Teams sends.
 * Every form is filled from the card the bot sent, as a client fills it; the fake connector
 * records what each conversation shows; the posted card is then answered as any poll is.
 */
const RESEARCH = { id: '19:ahpresearch0001@thread.tacv2', name: 'Research' };
const TEAM = { id: AHP_COMMUNITY.teamId, name: AHP_COMMUNITY.name, channels: [{ id: AHP_COMMUNITY.teamId, name: 'General' }, RESEARCH] };
const AHP: PersonFixture = { userId: '29:1formahp', aadObjectId: '00000000-0000-4000-8000-00000000f0a1', name: 'Ari Physio' };
const IN_GENERAL = { team: AHP_COMMUNITY };
const QUESTION = 'What stops people getting to your service?';
/** Each kind as the form's "Kind of question" offers it. */
const KIND_TITLES: Record<PollKind, string> = {
  single: 'Single choice: one of the options',
  multi: 'Multiple choice: up to three of the options',
  agreement: 'Agreement: a statement, strongly agree to strongly disagree',
  rating: 'Rating: each option from 1 to 5',
  rank: 'Ranking: the top three of the options',
  open: 'Open prompt: an answer in their own words',
};

type Body = { task?: { type: string; value: unknown }; composeExtension?: { type: string; activityPreview?: { attachments?: { content: unknown }[] } } };

/** The answer a person gives, by what the card offers (its own options), for each kind. */
function answerFor(poll: Poll): AnswerValue {
  const ids = poll.options.map((o) => o.id);
  switch (poll.kind) {
    case 'single':
      return { kind: 'single', optionId: ids[1]! };
    case 'multi':
      return { kind: 'multi', optionIds: [ids[0]!, ids[2]!] };
    case 'agreement':
      return { kind: 'agreement', level: 'agree' };
    case 'rating':
      return { kind: 'rating', ratings: Object.fromEntries(ids.map((id, i) => [id, (i % 5) + 1])) };
    case 'rank':
      return { kind: 'rank', ranked: [ids[2]!, ids[0]!, ids[1]!] };
    case 'open':
      return { kind: 'open', text: 'The bus stops running at six.' };
  }
}

for (const store of STORES) {
  describe(`The poll form, in a Teams dialog (end to end, ${store} store)`, function () {
    this.timeout(120_000);
    const bot = botUnderTest({ LEAD_IDS: LEAD.aadObjectId, OUTBOX_INTERVAL_MS: '100' }, { store, connector: { teams: [TEAM] } });

    const invoke = async (who: PersonFixture, name: string, value: Record<string, unknown>, where: typeof IN_GENERAL | 'personal'): Promise<Body> => {
      const result = await postActivity(bot.url(), formInvoke(bot.connector.url, who, name, value, where));
      assert.equal(result.status, 200, JSON.stringify(result.body));
      return result.body as Body;
    };
    const dialogCard = (body: Body): unknown => {
      assert.equal(body.task?.type, 'continue', JSON.stringify(body));
      return (body.task!.value as { card: { content: unknown } }).card.content;
    };
    const extension = (data?: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
      commandId: 'newPoll',
      commandContext: 'compose',
      context: { theme: 'default' },
      ...(data ? { data } : {}),
      ...more,
    });
    const install = async () => {
      assert.equal((await postActivity(bot.url(), teamInstallationUpdate(bot.connector.url, AHP_COMMUNITY))).status, 200);
    };
    const answerPosted = async (channelId: string, poll: Poll) => {
      const posted = latestPostedCard(bot.connector, AHP_COMMUNITY.teamId, channelId);
      const action = actionOnCard(bot.connector, posted, gestureFor(poll, answerFor(poll), CONTENT.catalog, 'Send answer'));
      const result = await postActivity(bot.url(), invokeOf(bot.connector, posted, AHP, action));
      assert.equal(result.status, 200);
      assert.match(JSON.stringify(result.body), /Saved\. You can change your answer/);
      assert.equal(await bot.app.store.responses.count(poll.id), 1);
    };

    it('from a channel’s compose box: writes a poll, shows a mistake beside its field, previews it, edits it, posts it here and takes answers', async () => {
      await install();
      const form = dialogCard(await invoke(LEAD, 'composeExtension/fetchTask', extension(), IN_GENERAL));
      assert.ok(
        inputsOf(form).every((i) => i.label !== ''),
        'every input labelled',
      );

      // One option is not enough: the same form comes back, the question kept, the reason beside the options.
      const tooFew = submitDialog(form, {
        fill: {
          'Question, in your own words': QUESTION,
          'Options (single choice, multiple choice, rating and ranking)': 'My own options, written below',
          'My own options: one a line, 2 to 10': 'Transport',
        },
        press: 'Preview, to post here',
      });
      const again = dialogCard(await invoke(LEAD, 'composeExtension/submitAction', extension(tooFew), IN_GENERAL));
      assert.match(JSON.stringify(again), /Give at least two options, one a line/);
      assert.equal(inputsOf(again).find((i) => i.label === 'Question, in your own words')?.value, QUESTION);
      assert.equal(await bot.app.store.polls.listOpenBetween('0000', '9999').then((p) => p.length), 0, 'nothing stored');

      const fixed = submitDialog(again, {
        fill: { 'My own options: one a line, 2 to 10': 'Transport\nOpening hours\nCost of travel' },
        press: 'Preview, to post here',
      });
      const preview = await invoke(LEAD, 'composeExtension/submitAction', extension(fixed), IN_GENERAL);
      assert.equal(preview.composeExtension?.type, 'botMessagePreview');
      const previewCard = preview.composeExtension!.activityPreview!.attachments![0]!.content;
      assert.match(JSON.stringify(previewCard), /What stops people getting to your service\?/);
      assert.match(JSON.stringify(previewCard), /Opening hours/);
      const activity = { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: previewCard }] };

      // Edit: back to the form, still filled.
      const edited = dialogCard(
        await invoke(
          LEAD,
          'composeExtension/submitAction',
          extension(undefined, { botMessagePreviewAction: 'edit', botActivityPreview: [activity] }),
          IN_GENERAL,
        ),
      );
      assert.equal(inputsOf(edited).find((i) => i.label === 'My own options: one a line, 2 to 10')?.value, 'Transport\nOpening hours\nCost of travel');
      await invoke(LEAD, 'composeExtension/submitAction', extension(submitDialog(edited, { press: 'Preview, to post here' })), IN_GENERAL);

      // Send: the bot posts the card as a new thread in this channel, and keeps its activity id.
      const sent = await invoke(
        LEAD,
        'composeExtension/submitAction',
        extension(undefined, { botMessagePreviewAction: 'send', botActivityPreview: [activity] }),
        IN_GENERAL,
      );
      assert.equal(sent.task?.type, 'message');
      const pollId = /Poll (p[0-9a-f]+) is posted here/.exec(String(sent.task?.value))?.[1];
      assert.ok(pollId, String(sent.task?.value));
      const poll = (await bot.app.store.polls.get(pollId))!;
      assert.equal(poll.question, QUESTION);
      assert.equal(poll.templateId, undefined);
      assert.deepEqual(
        poll.options.map((o) => o.id),
        ['o1', 'o2', 'o3'],
      );
      const posted = latestPostedCard(bot.connector, AHP_COMMUNITY.teamId);
      assert.equal(poll.postings[0]?.activityId, posted.activityId, 'the card’s activity id is kept for updates');
      assert.match(JSON.stringify(bot.connector.cardsShown(AHP_COMMUNITY.teamId).at(-1)?.card), /Cost of travel/);
      assert.equal((await bot.app.store.conversationState.read([draftKey(LEAD.aadObjectId)]))[draftKey(LEAD.aadObjectId)], undefined, 'the draft is gone');
      await answerPosted(AHP_COMMUNITY.teamId, poll);

      // The author's own view offers Duplicate: the form again, filled from this poll.
      const own = await postActivity(bot.url(), invokeOf(bot.connector, posted, LEAD, actionOnCard(bot.connector, posted, { press: 'My answer and results' })));
      const view = (own.body as { value: unknown }).value;
      const duplicate = dialogCard(await invoke(LEAD, 'task/fetch', { data: submitDialog(view, { press: 'Duplicate' }) }, IN_GENERAL));
      assert.equal(inputsOf(duplicate).find((i) => i.label === 'My own options: one a line, 2 to 10')?.value, 'Transport\nOpening hours\nCost of travel');
      const shared = bot.connector.cardsShown(AHP_COMMUNITY.teamId).find((c) => c.id === posted.activityId)?.card;
      assert.ok(shared && !JSON.stringify(shared).includes('"Duplicate"'), 'not on the card everyone sees');
    });

    it('keeps a draft between the preview and the post under the lead’s own key, shown in "my data" and erased with it', async () => {
      await install();
      const form = dialogCard(await invoke(LEAD, 'task/fetch', { data: { pollForm: 'open' } }, 'personal'));
      dialogCard(
        await invoke(LEAD, 'task/submit', { data: submitDialog(form, { fill: { 'Question, in your own words': QUESTION }, press: 'Preview' }) }, 'personal'),
      );
      assert.ok((await bot.app.store.conversationState.read([draftKey(LEAD.aadObjectId)]))[draftKey(LEAD.aadObjectId)], 'the draft is kept');
      assert.match((await sayInChat(bot, LEAD, 'my data')).card, /A poll form's draft, kept until you post or launch it: \\"What stops people/);
      await sayInChat(bot, LEAD, 'delete my data confirm');
      assert.equal((await bot.app.store.conversationState.read([draftKey(LEAD.aadObjectId)]))[draftKey(LEAD.aadObjectId)], undefined, 'erased with their data');
    });

    it('from a channel’s compose box: previews and posts here a poll of every kind, through Teams’ own preview', async () => {
      await install();
      for (const kind of POLL_KINDS) {
        const form = dialogCard(await invoke(LEAD, 'composeExtension/fetchTask', extension(), IN_GENERAL));
        const data = submitDialog(form, {
          fill: { 'Kind of question': KIND_TITLES[kind], 'Question, in your own words': `${kind}: ${QUESTION}` },
          press: 'Preview, to post here',
        });
        const preview = await invoke(LEAD, 'composeExtension/submitAction', extension(data), IN_GENERAL);
        assert.equal(preview.composeExtension?.type, 'botMessagePreview', kind);
        const activity = { type: 'message', attachments: preview.composeExtension!.activityPreview!.attachments };
        const sent = await invoke(
          LEAD,
          'composeExtension/submitAction',
          extension(undefined, { botMessagePreviewAction: 'send', botActivityPreview: [activity] }),
          IN_GENERAL,
        );
        const pollId = /Poll (p[0-9a-f]+) is posted here/.exec(String(sent.task?.value))![1]!;
        const poll = (await bot.app.store.polls.get(pollId))!;
        assert.equal(poll.kind, kind);
        await answerPosted(AHP_COMMUNITY.teamId, poll);
      }
    });

    it('tells someone who is not a lead who creates polls, and stores nothing', async () => {
      await install();
      const card = JSON.stringify(dialogCard(await invoke(AHP, 'composeExtension/fetchTask', extension(), IN_GENERAL)));
      assert.match(card, /Only professional leads create polls/);
      assert.match(card, /ask your AHP Pulse admin/);
      const forged = { pollForm: 'preview', kind: 'single', question: QUESTION, optionsFrom: 'priorities', closesIn: '7d', visibility: 'live' };
      assert.match(JSON.stringify(await invoke(AHP, 'composeExtension/submitAction', extension(forged), IN_GENERAL)), /Only professional leads create polls/);
      const sent = await invoke(
        AHP,
        'composeExtension/submitAction',
        extension(undefined, { botMessagePreviewAction: 'send', botActivityPreview: [] }),
        IN_GENERAL,
      );
      assert.match(String(sent.task?.value), /Only professional leads and admins/);
      assert.equal((await bot.app.store.conversationState.read([draftKey(AHP.aadObjectId)]))[draftKey(AHP.aadObjectId)], undefined);
      assert.equal(bot.connector.activities.filter((a) => a.method === 'create').length, 0, 'nothing posted');
    });

    it('refuses an invoke whose value is not an object, and a command it does not have, changing nothing', async () => {
      const refused = await postActivity(bot.url(), formInvoke(bot.connector.url, LEAD, 'composeExtension/submitAction', null as never, IN_GENERAL));
      assert.equal(refused.status, 400);
      const unknown = await invoke(LEAD, 'composeExtension/fetchTask', { commandId: 'deletePolls', commandContext: 'compose' }, IN_GENERAL);
      assert.match(String(unknown.task?.value), /not one this version of AHP Pulse has/);
    });

    it('from a card in chat: writes a poll of every kind, previews it, and launches it to the channels chosen, through the outbox', async () => {
      await install();
      for (const kind of POLL_KINDS) {
        const opened = dialogCard(
          await invoke(LEAD, 'task/fetch', { data: { msteams: { type: 'task/fetch' }, pollForm: 'open' }, context: { theme: 'default' } }, 'personal'),
        );
        const data = submitDialog(opened, {
          fill: {
            'Kind of question': KIND_TITLES[kind],
            'Question, in your own words': `${kind}: ${QUESTION}`,
            'Options (single choice, multiple choice, rating and ranking)': 'My own options, written below',
            'My own options: one a line, 2 to 10': 'Transport\nOpening hours\nCost of travel',
            'The draft priority it is about (optional)': CONTENT.catalog.priorities[0]!.title,
            'Who sees the results': 'Everyone, as answers come in',
          },
          press: 'Preview',
        });
        const preview = dialogCard(await invoke(LEAD, 'task/submit', { data, context: { theme: 'default' } }, 'personal'));
        assert.match(JSON.stringify(preview), new RegExp(`${kind}: What stops people`));
        assert.ok(!JSON.stringify(preview).includes('"Post here"'), 'no Post here from our chat');
        // Nothing chosen: the preview again, saying so.
        const none = dialogCard(await invoke(LEAD, 'task/submit', { data: submitDialog(preview, { press: 'Launch' }) }, 'personal'));
        assert.match(JSON.stringify(none), /Choose at least one channel/);
        const launch = submitDialog(none, { fill: { 'Launch to these channels': ['AHP Community › Research'] }, press: 'Launch' });
        const done = await invoke(LEAD, 'task/submit', { data: launch, context: { theme: 'default' } }, 'personal');
        assert.equal(done.task?.type, 'message');
        const pollId = /Launching poll (p[0-9a-f]+) to 1 channel in 1 team, now/.exec(String(done.task?.value))?.[1];
        assert.ok(pollId, String(done.task?.value));
        await bot.app.work.drainOutbox(async () => (await bot.app.store.deliveries.listForPoll(pollId)).every((d) => d.kind !== 'post' || d.status === 'sent'));
        const poll = (await bot.app.store.polls.get(pollId))!;
        assert.equal(poll.kind, kind);
        assert.equal(poll.visibility, 'live');
        const about = CONTENT.catalog.priorities[0]!.id;
        // Tied to the priority only where it counts towards it: an agreement or open prompt about it; a poll with its own options never.
        assert.deepEqual(poll.priorityIds, kind === 'agreement' || kind === 'open' ? [about] : []);
        await answerPosted(RESEARCH.id, poll);
      }
    });

    it('lists a lead’s polls in "my polls", with answers and where each went, and its buttons do what the commands do, with the same checks', async () => {
      await install();
      const launchFromForm = async (question: string, channel: string, at?: string) => {
        const opened = dialogCard(await invoke(LEAD, 'task/fetch', { data: { pollForm: 'open' } }, 'personal'));
        const preview = dialogCard(
          await invoke(
            LEAD,
            'task/submit',
            { data: submitDialog(opened, { fill: { 'Question, in your own words': question }, press: 'Preview' }) },
            'personal',
          ),
        );
        const fill: Record<string, string | string[]> = { 'Launch to these channels': [channel] };
        if (at) Object.assign(fill, { When: 'On the day and at the time below (UK time)', 'Launch day (UK time)': at });
        const done = await invoke(LEAD, 'task/submit', { data: submitDialog(preview, { fill, press: 'Launch' }) }, 'personal');
        return /Launching poll (p[0-9a-f]+)/.exec(String(done.task?.value))![1]!;
      };
      const now = await launchFromForm('Which service change helps most?', 'AHP Community › Research');
      const soon = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
      const later = await launchFromForm('What would you change first?', 'AHP Community › General', soon);
      await bot.app.work.drainOutbox(async () => (await bot.app.store.deliveries.listForPoll(now)).every((d) => d.kind !== 'post' || d.status === 'sent'));
      const posted = latestPostedCard(bot.connector, AHP_COMMUNITY.teamId, RESEARCH.id);
      const poll = (await bot.app.store.polls.get(now))!;
      await answerPosted(RESEARCH.id, poll);

      const listed = JSON.parse((await sayInChat(bot, LEAD, 'my polls')).card) as Record<string, unknown>;
      const rows = (listed.body as { type: string; items?: unknown[] }[]).filter((e) => e.type === 'Container');
      const rowOf = (question: string) => rows.find((r) => JSON.stringify(r).includes(question))!;
      assert.equal(rows.length, 2);
      assert.match(JSON.stringify(rowOf('What would you change first?')), /"text":"Scheduled".*"title":"Sent","value":"not posted yet, 1 to go from/);
      assert.match(JSON.stringify(rowOf('Which service change helps most?')), /"text":"Open".*"title":"Answers","value":"1".*"value":"in 1 channel"/);
      assert.ok(JSON.stringify(rows[0]).includes('What would you change first?'), 'newest first');

      const inChat = async (who: PersonFixture, action: { verb: string; data: Record<string, unknown> }) => {
        const result = await postActivity(bot.url(), cardActionInvoke(bot.connector.url, personalConversationOf(who), who, action.verb, action.data));
        assert.equal(result.status, 200);
        return JSON.stringify(result.body);
      };
      assert.match(await inChat(LEAD, act(rowOf('Which service change helps most?'), { press: 'Status' })), /Sent 1, pending 0, failed 0/);
      assert.match(
        await inChat(LEAD, act(rowOf('What would you change first?'), { press: 'Export' })),
        /shows its results only once it closes, so it can be exported then/,
      );
      // Someone who is not a lead is refused before the handler, whatever the card says.
      assert.match(
        await inChat(AHP, act(rowOf('Which service change helps most?'), { press: 'Recall' })),
        /Only professional leads and admins can recall polls/,
      );
      assert.equal((await bot.app.store.polls.get(now))?.status, 'open');
      assert.match(await inChat(LEAD, act(rowOf('What would you change first?'), { press: 'Recall' })), /called off|Recall/i);
      await bot.app.work.drainOutbox(async () => (await bot.app.store.deliveries.listForPoll(later)).every((d) => d.status !== 'pending'));
      assert.equal((await bot.app.store.polls.get(later))?.status, 'closed');
      assert.ok(posted.activityId);
      assert.match((await sayInChat(bot, AHP, 'my polls')).text, /Only professional leads and admins can see polls of their own/);
    });

    it('lets an admin rename a priority in a dialog: the next card and the next digest use the new name, last week’s published digest keeps the old', async () => {
      await install();
      const ADMIN: PersonFixture = { userId: '29:1formadmin', aadObjectId: '00000000-0000-4000-8000-00000000ad01', name: 'Ada Admin' };
      await bot.restart({ ADMIN_IDS: ADMIN.aadObjectId });
      const old = CONTENT.catalog.priorities.find((p) => p.id === 'access')!.title;
      await bot.app.store.digests.create({
        weekId: WEEK.id,
        digest: fixtureDigest(5),
        publishedAt: WEEK.endsAt,
        publishedBy: 'test',
        status: 'queued',
        version: 1,
      });

      const list = JSON.parse((await sayInChat(bot, ADMIN, 'content')).card) as Record<string, unknown>;
      const row = (list.body as Record<string, unknown>[]).find((e) => e.type === 'ColumnSet' && JSON.stringify(e).includes(`"text":"${old}"`))!;
      const form = dialogCard(await invoke(ADMIN, 'task/fetch', { data: submitDialog(row, { press: 'Edit' }) }, 'personal'));
      assert.equal(inputsOf(form).find((i) => i.label === 'Title')?.value, old);
      // A mistake comes back beside its field; nothing changes.
      // A client sends a title of spaces (the box is not empty): the bot refuses it.
      const empty = dialogCard(await invoke(ADMIN, 'task/submit', { data: submitDialog(form, { fill: { Title: ' ' }, press: 'Save' }) }, 'personal'));
      assert.match(JSON.stringify(empty), /Write the title/);
      const saved = await invoke(
        ADMIN,
        'task/submit',
        { data: submitDialog(form, { fill: { Title: 'Access to support and services' }, press: 'Save' }) },
        'personal',
      );
      assert.match(String(saved.task?.value), /Saved: priority access is "Access to support and services"/);
      assert.ok(
        (await bot.app.store.audit.listSince('2000-01-01', 100)).some((r) => r.action === 'content.priority.changed' && r.subject === 'access'),
        'audited',
      );

      // A workforce figure, the same way: a better count with its source and date.
      const group = CONTENT.catalog.workforce.groups.find((g) => g.id === 'orthoptist')!;
      const groupRow = (list.body as Record<string, unknown>[]).find((e) => e.type === 'ColumnSet' && JSON.stringify(e).includes(`"text":"${group.title}: `))!;
      const figure = dialogCard(await invoke(ADMIN, 'task/fetch', { data: submitDialog(groupRow, { press: 'Edit' }) }, 'personal'));
      assert.equal(inputsOf(figure).find((i) => i.label === 'How many people')?.value, String(group.count));
      const future = dialogCard(
        await invoke(
          ADMIN,
          'task/submit',
          { data: submitDialog(figure, { fill: { 'How many people': '1700', 'Counted as at': '2099-01-01' }, press: 'Save' }) },
          'personal',
        ),
      );
      assert.match(JSON.stringify(future), /That date is in the future/);
      const figured = await invoke(
        ADMIN,
        'task/submit',
        {
          data: submitDialog(figure, {
            fill: { 'How many people': '1700', Source: 'HCPC registrant snapshot, October 2026', 'Counted as at': '2026-10-01' },
            press: 'Save',
          }),
        },
        'personal',
      );
      assert.match(String(figured.task?.value), /Saved: the workforce figure for orthoptist is 1700, as at 2026-10-01/);
      assert.match((await sayInChat(bot, ADMIN, 'content')).card, /Orthoptists: 1,700.*HCPC registrant snapshot, October 2026 \(as at 2026-10-01\)/);

      // Not an admin: the form is refused, and nothing changes.
      const refused = await invoke(
        LEAD,
        'task/submit',
        { data: { contentForm: 'priority', priorityId: 'access', title: 'Hijacked', description: 'x', raisedBy: 'ahps', save: 'yes' } },
        'personal',
      );
      assert.match(JSON.stringify(refused), /Only admins edit the content/);

      // The next card offers the new name.
      await postActivity(bot.url(), channelMention(bot.connector.url, AHP_COMMUNITY, LEAD, 'poll top-priority'));
      assert.match(JSON.stringify(bot.connector.cardsShown(AHP_COMMUNITY.teamId).at(-1)?.card), /Access to support and services/);
      // This week's digest, computed now, uses it; last week's, as published, keeps the old wording.
      assert.match((await sayInChat(bot, LEAD, 'digest')).card, /Access to support and services/);
      const published = (await sayInChat(bot, LEAD, `digest ${WEEK.id}`)).card;
      assert.ok(published.includes(old) && !published.includes('Access to support and services'), 'a published digest keeps its wording');
      // After a restart the change is still there: it is in the store, not in memory.
      await bot.restart();
      assert.equal((await bot.app.store.content.get())?.priorities.find((p) => p.id === 'access')?.title, 'Access to support and services');
    });

    it('keeps a lead’s own templates: saved from the form, started from, edited by saving under the same name, retired, and offered to no other lead', async () => {
      await install();
      const OTHER_LEAD: PersonFixture = { userId: '29:1otherlead', aadObjectId: '00000000-0000-4000-8000-00000000ad02', name: 'Omar Lead' };
      await bot.restart({ LEAD_IDS: `${LEAD.aadObjectId},${OTHER_LEAD.aadObjectId}` });
      const open = async (who: PersonFixture) => dialogCard(await invoke(who, 'task/fetch', { data: { pollForm: 'open' } }, 'personal'));
      const submit = async (who: PersonFixture, data: Record<string, unknown>) => dialogCard(await invoke(who, 'task/submit', { data }, 'personal'));
      const own = {
        'Options (single choice, multiple choice, rating and ranking)': 'My own options, written below',
        'My own options: one a line, 2 to 10': 'Transport\nCost',
      };
      const first = await open(LEAD);
      assert.ok(!inputsOf(first).some((i) => i.label === 'Start from one of your templates'), 'none yet');
      const nameless = await submit(LEAD, submitDialog(first, { fill: { 'Question, in your own words': QUESTION, ...own }, press: 'Save as template' }));
      assert.match(JSON.stringify(nameless), /Give the template a name/);
      const saved = await submit(
        LEAD,
        submitDialog(nameless, { fill: { 'Save as a template named (optional)': 'Access barriers' }, press: 'Save as template' }),
      );
      assert.match(JSON.stringify(saved), /Saved as your template \\"Access barriers\\"/);

      const again = await open(LEAD);
      const offered = inputsOf(again).find((i) => i.label === 'Start from one of your templates');
      assert.deepEqual(
        offered?.choices.map((c) => c.title),
        ['Access barriers'],
      );
      assert.ok(!inputsOf(await open(OTHER_LEAD)).some((i) => i.label === 'Start from one of your templates'), 'not offered to another lead');
      const started = await submit(LEAD, submitDialog(again, { fill: { 'Start from one of your templates': 'Access barriers' }, press: 'Use this template' }));
      assert.equal(inputsOf(started).find((i) => i.label === 'Question, in your own words')?.value, QUESTION);
      assert.equal(inputsOf(started).find((i) => i.label === 'My own options: one a line, 2 to 10')?.value, 'Transport\nCost');
      // Edited: saved again under its name, it is replaced, not doubled.
      await submit(LEAD, submitDialog(started, { fill: { 'Question, in your own words': 'What gets in the way of care?' }, press: 'Save as template' }));
      const templates = () => bot.app.store.content.get().then((c) => (c?.templates ?? []).filter((t) => !t.retiredAt));
      assert.deepEqual(
        (await templates()).map((t) => [t.name, t.draft.question]),
        [['Access barriers', 'What gets in the way of care?']],
      );
      assert.ok(!JSON.stringify(await bot.app.store.content.get()).includes(LEAD.aadObjectId), 'the template names its lead by pseudonym only');
      const retired = await submit(
        LEAD,
        submitDialog(await open(LEAD), { fill: { 'Start from one of your templates': 'Access barriers' }, press: 'Retire this template' }),
      );
      assert.match(JSON.stringify(retired), /Retired your template/);
      assert.deepEqual(await templates(), []);
      assert.ok(!inputsOf(await open(LEAD)).some((i) => i.label === 'Start from one of your templates'));
      assert.ok((await bot.app.store.audit.listSince('2000-01-01', 100)).filter((r) => r.action.startsWith('template.')).length >= 3, 'audited');
      // Theirs: listed in "my data", and erased with it (retired ones too); another lead's stay.
      await submit(
        OTHER_LEAD,
        submitDialog(await open(OTHER_LEAD), {
          fill: { 'Question, in your own words': QUESTION, 'Save as a template named (optional)': 'Mine' },
          press: 'Save as template',
        }),
      );
      assert.match((await sayInChat(bot, LEAD, 'my data')).card, /Your poll templates: \\"Access barriers\\" \(retired\)/);
      await sayInChat(bot, LEAD, 'delete my data confirm');
      assert.deepEqual(
        ((await bot.app.store.content.get())?.templates ?? []).map((t) => t.name),
        ['Mine'],
      );
    });

    it('sets up a weekly pulse of a poll in the lead’s own words from the preview, which launches it to the channels chosen when its week comes', async () => {
      await install();
      const opened = dialogCard(await invoke(LEAD, 'task/fetch', { data: { pollForm: 'open' } }, 'personal'));
      const data = submitDialog(opened, {
        fill: { 'Question, in your own words': 'How was this week for your service?', 'Kind of question': 'Open prompt: an answer in their own words' },
        press: 'Preview',
      });
      const preview = dialogCard(await invoke(LEAD, 'task/submit', { data }, 'personal'));
      const weekly = submitDialog(preview, {
        fill: {
          'Launch to these channels': ['AHP Community › Research'],
          When: 'Every week, on the day of the week and at the time below (UK time)',
          'Day of the week (every week)': 'Monday',
          'Launch time (UK time)': '09:00',
        },
        press: 'Launch',
      });
      const done = await invoke(LEAD, 'task/submit', { data: weekly }, 'personal');
      const pulseId = /Weekly pulse (w[0-9a-f]+) is set up: "How was this week for your service\?" every monday at 09:00 UK time, to 1 channel/.exec(
        String(done.task?.value),
      )?.[1];
      assert.ok(pulseId, String(done.task?.value));
      const pulse = (await bot.app.store.weeklyPulses.get(pulseId))!;
      assert.equal(pulse.request?.spec.kind, 'open');
      assert.equal(pulse.request?.durationMs, 7 * 86_400_000);
      // A week on: the week it was set up in is marked done; mark an older one, as if a week had passed.
      await bot.app.store.weeklyPulses.update({ ...pulse, lastLaunched: '2000-01-03', version: pulse.version + 1 }, pulse.version);
      await bot.app.work.runDuePollWork();
      const launched = (await bot.app.store.polls.listByAuthor(LEAD.aadObjectId, 5)).find((p) => p.question === 'How was this week for your service?');
      assert.ok(launched, 'launched when its week came');
      await bot.app.work.drainOutbox(async () =>
        (await bot.app.store.deliveries.listForPoll(launched.id)).every((d) => d.kind !== 'post' || d.status === 'sent'),
      );
      assert.match(JSON.stringify(bot.connector.cardsShown(RESEARCH.id).at(-1)?.card), /How was this week for your service\?/);
      assert.match((await sayInChat(bot, LEAD, 'weekly')).text, new RegExp(`${pulseId}: "How was this week for your service\\?", every monday at 09:00`));
    });

    it('from a card in chat: offers Duplicate’s form filled from a past poll, and a launch time already past goes back to the preview', async () => {
      await install();
      const opened = dialogCard(await invoke(LEAD, 'task/fetch', { data: { pollForm: 'open' } }, 'personal'));
      const data = submitDialog(opened, { fill: { 'Question, in your own words': QUESTION }, press: 'Preview' });
      const preview = dialogCard(await invoke(LEAD, 'task/submit', { data }, 'personal'));
      const past = submitDialog(preview, {
        fill: {
          'Launch to these channels': ['AHP Community › General'],
          When: 'On the day and at the time below (UK time)',
          'Launch day (UK time)': '2020-01-01',
        },
        press: 'Launch',
      });
      assert.match(JSON.stringify(dialogCard(await invoke(LEAD, 'task/submit', { data: past }, 'personal'))), /in the past/);
      const launched = await invoke(
        LEAD,
        'task/submit',
        { data: submitDialog(preview, { fill: { 'Launch to these channels': ['AHP Community › General'] }, press: 'Launch' }) },
        'personal',
      );
      const pollId = /Launching poll (p[0-9a-f]+)/.exec(String(launched.task?.value))![1]!;
      const like = dialogCard(await invoke(LEAD, 'task/fetch', { data: { pollForm: 'open', likePollId: pollId } }, 'personal'));
      assert.equal(inputsOf(like).find((i) => i.label === 'Question, in your own words')?.value, QUESTION);
      assert.equal(inputsOf(like).find((i) => i.label === 'Options (single choice, multiple choice, rating and ranking)')?.value, 'priorities');
    });
  });
}
