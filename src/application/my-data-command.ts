import type { Actor } from '../domain/actor';
import type { PersonToErase } from '../domain/erasure';
import { personalInstallationId } from '../domain/installation';
import { inert } from '../domain/markdown';
import type { Poll } from '../domain/poll';
import type { PollResponse } from '../domain/response';
import { draftKey } from './authoring/form-steps';
import type { BotDeps } from './bot-deps';
import { recordAudit } from './record-audit';
import type { CommandInput } from './routing/commands';
import { cardReply, type Reply, textReply } from './routing/reply';

const EVERY_POLL = ['0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z'] as const;
const CONFIRM = 'delete my data confirm';

/**
 * A person's own answers, in one indexed query per kind: named ones by their object id, and
 * anonymous ones by the keys they are stored under (each poll's keyed hash, recomputed: nothing
 * stored links them to the person), read together by key.
 */
async function answersOf(deps: BotDeps, actor: Actor): Promise<{ poll: Poll; response: PollResponse }[]> {
  const polls = new Map((await deps.store.polls.listOpenBetween(...EVERY_POLL)).map((p) => [p.id, p]));
  const anonymousKeys = [...polls.values()].filter((p) => p.anonymous).map((p) => ({ pollId: p.id, respondentKey: deps.respondentKey(p, actor) }));
  const [named, anonymous] = await Promise.all([deps.store.responses.listNamed(actor.aadObjectId), deps.store.responses.getMany(anonymousKeys)]);
  const found: { poll: Poll; response: PollResponse }[] = [];
  for (const response of [...named, ...anonymous]) {
    const poll = polls.get(response.pollId);
    if (poll && poll.anonymous === (response.aadObjectId === undefined)) found.push({ poll, response });
  }
  return found;
}

const tooSoon = (next: Date, what: string) => textReply(`You asked a moment ago. ${what} again after ${next.toISOString().slice(11, 16)} UTC.`);

/** `my data` (personal chat): everything AHP Pulse holds about the person asking, shown to them alone. */
export async function myData(deps: BotDeps, input: CommandInput): Promise<Reply> {
  if (input.where !== 'personal') return textReply('What AHP Pulse holds about you is private: write "my data" in our personal chat.');
  const actor = input.actor;
  if (!actor.aadObjectId) return textReply('Teams did not say who you are, so I cannot look up your data. Please try again from the Teams app.');
  const id = actor.aadObjectId.toLowerCase();
  const allowed = deps.personLimits.take('myData', id);
  if (!allowed.ok) return tooSoon(allowed.next, 'Write "my data"');
  await deps.contentSource.refresh(); // templates saved on any instance
  const [profile, subscription, grant, chat, answers, formDraft] = await Promise.all([
    deps.store.profiles.get(id),
    deps.store.digestSubscriptions.get(id),
    deps.store.leads.get(id),
    deps.store.installations.get(personalInstallationId(id)),
    answersOf(deps, actor),
    deps.store.conversationState.read([draftKey(id)]).then((found) => found[draftKey(id)] as { draft?: { question?: string } } | undefined),
  ]);
  const named = answers.filter((a) => !a.poll.anonymous);
  const anonymous = answers.filter((a) => a.poll.anonymous);
  const roles = [
    deps.roles.isAdmin(id) ? 'admin (ADMIN_IDS)' : '',
    deps.settings.leadIds.some((l) => l.toLowerCase() === id) ? 'professional lead (LEAD_IDS)' : '',
    grant ? `professional lead (added in the bot on ${grant.addedAt.slice(0, 10)})` : '',
  ].filter(Boolean);
  const lines = [
    `Your name and ids as Teams gives them: ${actor.name || '(no name)'}, object id ${id}.`,
    `Profession: ${profile ? `${deps.content.catalog.professions.find((p) => p.id === profile.profession)?.title ?? profile.profession}, set ${profile.updatedAt.slice(0, 10)}` : 'not set'}.`,
    `Named answers (with your name): ${named.length}${named.length > 0 ? `: ${named.map((a) => `${a.poll.id} "${a.poll.question}"`).join('; ')}` : ''}.`,
    `Anonymous answers: ${anonymous.length}. They are stored under a keyed hash, not your name; only you, asking here, can see they are yours.`,
    `Weekly digest: ${subscription ? `subscribed since ${subscription.subscribedAt.slice(0, 10)}` : 'not subscribed'}.`,
    `Roles: ${roles.length > 0 ? roles.join('; ') : 'none'}.`,
    `Our chat: ${chat ? `installed ${chat.installedAt.slice(0, 10)}` : 'not recorded'}; a compose draft is kept here while you build a launch.`,
    ...(formDraft ? [`A poll form's draft, kept until you post or launch it: "${inert(formDraft.draft?.question ?? '')}".`] : []),
    ...templateLines(deps, actor),
    `The audit log and the figures in digests name you only as ${deps.pseudonym(actor)}, if at all.`,
    'Write "delete my data" to erase all of it.',
  ];
  return cardReply(deps.presenter.notice('What AHP Pulse holds about you', lines.join(' · ')));
}

/** `delete my data` asks; `delete my data confirm` erases, in both stores alike, and says what stays and why. */
export async function deleteMyData(deps: BotDeps, input: CommandInput): Promise<Reply> {
  if (input.where !== 'personal') return textReply('Write "delete my data" in our personal chat.');
  const words = input.args.map((a) => a.toLowerCase()).join(' ');
  if (words !== 'my data' && words !== 'my data confirm') return textReply('Write "delete my data" to erase what AHP Pulse holds about you.');
  const actor = input.actor;
  if (!actor.aadObjectId) return textReply('Teams did not say who you are, so I cannot erase your data. Please try again from the Teams app.');
  if (words === 'my data') {
    return textReply(
      `This erases your profession, every answer you gave (named and anonymous), your digest subscription, any lead role added in the bot, this chat's records and drafts, and your name wherever AHP Pulse stored it. It cannot be undone. To go ahead, write "${CONFIRM}".`,
    );
  }
  const id = actor.aadObjectId.toLowerCase();
  const allowed = deps.personLimits.take('erasure', id);
  if (!allowed.ok) {
    return textReply(
      `Your data was erased less than an hour ago. If you have answered a poll or set a profession since, write "${CONFIRM}" again after ${allowed.next.toISOString().slice(11, 16)} UTC.`,
    );
  }
  const chat = await deps.store.installations.get(personalInstallationId(id));
  const grant = await deps.store.leads.get(id);
  const chatConversation = String((chat?.address.conversation as { id?: string } | undefined)?.id ?? '');
  const anonymousResponses = (await answersOf(deps, actor))
    .filter((a) => a.poll.anonymous)
    .map((a) => ({ pollId: a.poll.id, respondentKey: a.response.respondentKey }));
  const person: PersonToErase = {
    aadObjectId: id,
    userIds: [actor.userId].filter(Boolean),
    names: [...new Set([actor.name, chat?.kind === 'personal' ? chat.userName : '', grant?.name ?? ''].filter((n) => n && n.trim().length >= 3))],
    pseudonym: deps.pseudonym(actor),
    anonymousResponses,
    conversationIds: [...new Set([chatConversation, input.chat?.channelId ?? ''].filter(Boolean))],
  };
  const erased = await deps.store.erasePerson(person);
  // A poll form's draft is kept under the lead's own key, not their chat's: erased with them.
  await deps.store.conversationState.delete([draftKey(id)]);
  // Their own poll templates, retired ones too: theirs alone, so they go with them.
  await deps.contentSource.refresh();
  const pseudonym = deps.pseudonym(actor);
  if (deps.contentSource.leadTemplates.some((t) => t.owner === pseudonym)) {
    await deps.contentSource.change(
      (_catalog, templates) => ({ ok: true, value: { templates: templates.filter((t) => t.owner !== pseudonym) } }),
      deps.clock.now(),
    );
  }
  await recordAudit(deps, actor, 'data.deleted', person.pseudonym, `${erased.namedResponses + erased.anonymousResponses} answers`);
  deps.logger.info('A person erased their data', { person: person.pseudonym });
  const stillLead = deps.settings.leadIds.some((l) => l.toLowerCase() === id) || deps.roles.isAdmin(id);
  return cardReply(
    deps.presenter.notice(
      'Your data is erased',
      [
        `Erased: ${erased.namedResponses} named and ${erased.anonymousResponses} anonymous answer${erased.anonymousResponses === 1 ? '' : 's'}, ${erased.profiles ? 'your profession' : 'no profession'}, ${erased.digestSubscriptions ? 'your digest subscription' : 'no subscription'}, ${erased.leadGrants ? 'your lead role' : 'no lead role added here'}, this chat's records (${erased.installations + erased.conversationState + erased.deliveries}); your name and ids were taken out of ${erased.scrubbed} other record${erased.scrubbed === 1 ? '' : 's'}.`,
        'Digests already published are totals of at least K people each: they never named you, so nothing in them points to you, and they are not recalculated. Results cards already posted in channels show totals only.',
        ...(stillLead ? ['Your role from the bot’s configuration (LEAD_IDS or ADMIN_IDS) stays until its operators change it.'] : []),
        'If you message AHP Pulse again, it will know your Teams name and id for that conversation, as Teams sends them.',
      ].join(' · '),
    ),
  );
}

/** A lead's own poll templates, by name: theirs, kept in the store's content record under their pseudonym. */
function templateLines(deps: BotDeps, actor: Actor): string[] {
  const pseudonym = deps.pseudonym(actor);
  const theirs = deps.contentSource.leadTemplates.filter((t) => t.owner === pseudonym);
  if (theirs.length === 0) return [];
  return [`Your poll templates: ${theirs.map((t) => `"${inert(t.name, 60)}"${t.retiredAt ? ' (retired)' : ''}`).join(', ')}.`];
}
