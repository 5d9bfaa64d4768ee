import { isPollId } from '../../domain/markdown';
import type { BotDeps } from '../bot-deps';
import type { CommandInput } from '../routing/commands';
import { ALREADY_SAID, cardReply, NOT_A_POLL_ID, type Reply, textReply } from '../routing/reply';
import type { ComposeDraft } from './compose-draft';

export { type ComposeDraft, requestFromDraft } from './compose-draft';

/**
 * `compose` (leads; the command table checks the role) offers the poll form, a Teams dialog:
 * empty, or (`compose like <poll id>`) filled from an earlier poll. `compose steps` (in our
 * chat) is the keyboard's way: the typed dialog, one question at a time, which asks its first
 * question itself.
 */
export async function composeCommand(deps: BotDeps, input: CommandInput): Promise<Reply> {
  if (input.args[0]?.toLowerCase() !== 'steps') {
    const like = input.args[0]?.toLowerCase() === 'like' ? input.args[1] : undefined;
    if (like !== undefined && !isPollId(like)) return textReply(NOT_A_POLL_ID);
    if (like !== undefined && !(await deps.store.polls.get(like))) return textReply(`There is no poll ${like} to start from.`);
    return cardReply(deps.forms.opener(like));
  }
  return composeSteps(deps, { ...input, args: input.args.slice(1) });
}

async function composeSteps(deps: BotDeps, input: CommandInput): Promise<Reply> {
  if (input.where !== 'personal' || !input.beginCompose) {
    return textReply('Launches are composed step by step in our personal chat: write "compose steps" there.');
  }
  const like = input.args[0]?.toLowerCase() === 'like' ? input.args[1] : undefined;
  if (like !== undefined && !isPollId(like)) return textReply(NOT_A_POLL_ID);
  const draft = like ? await draftFromPoll(deps, like) : {};
  if (draft === undefined) return textReply(`There is no poll ${like} to start from.`);
  await input.beginCompose(draft);
  return ALREADY_SAID;
}

/** A draft like an earlier poll (`compose like <poll id>`): its template, priority and settings; audience and time asked anew. */
async function draftFromPoll(deps: BotDeps, pollId: string): Promise<ComposeDraft | undefined> {
  const poll = await deps.store.polls.get(pollId);
  if (!poll?.templateId) return undefined;
  return {
    template: poll.templateId,
    ...(poll.kind === 'agreement' && poll.priorityIds[0] ? { priority: poll.priorityIds[0] } : {}),
    results: poll.visibility,
    anonymous: poll.anonymous,
    ...(poll.allowQuotes ? { quotes: true } : {}),
  };
}
