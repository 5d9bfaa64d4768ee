import { formatUkTime } from '../../domain/uk-time';
import type { BotDeps } from '../bot-deps';
import { summarise } from '../launches/delivery-summary';
import type { MyPollRow } from '../ports/poll-presenter';
import type { CommandInput } from '../routing/commands';
import { cardReply, type Reply, textReply } from '../routing/reply';
import { postingsFrom } from './postings';

/** How many of a lead's polls "my polls" shows, newest first. */
export const MY_POLLS_SHOWN = 15;

/**
 * `my polls` (leads; the command table checks): the lead's open, scheduled and closed polls,
 * newest first, each with how many answered and where it was sent, and buttons for what they
 * may do with it (Status, Close, Recall, Duplicate, Export), each checked again when pressed.
 */
export async function myPolls(deps: BotDeps, input: CommandInput): Promise<Reply> {
  const polls = await deps.store.polls.listByAuthor(input.actor.aadObjectId, MY_POLLS_SHOWN);
  if (polls.length === 0) return textReply('You have no polls yet. Write "compose" to write one, or "poll" in a channel for a ready-made one.');
  const now = deps.clock.now().toISOString();
  const rows: MyPollRow[] = [];
  for (const poll of polls) {
    const [answers, deliveries] = await Promise.all([deps.store.responses.count(poll.id), deps.store.deliveries.listForPoll(poll.id)]);
    const postings = postingsFrom(poll, deliveries);
    const counts = summarise(deliveries);
    const waiting = deliveries.filter((d) => d.kind === 'post' && d.status === 'pending' && (d.notBefore ?? '') > now);
    const state = poll.status === 'closed' ? 'closed' : postings.length === 0 && waiting.length > 0 ? 'scheduled' : 'open';
    const channels = postings.length;
    const teams = new Set(postings.map((p) => p.teamId || p.conversationId)).size;
    const where = [
      channels > 0 ? `in ${channels} channel${channels === 1 ? '' : 's'}${teams > 1 ? ` of ${teams} teams` : ''}` : 'not posted yet',
      ...(counts.pending > 0 ? [`${counts.pending} to go${waiting[0]?.notBefore ? ` from ${formatUkTime(waiting[0].notBefore)}` : ''}`] : []),
      ...(counts.failed > 0 ? [`${counts.failed} failed`] : []),
    ].join(', ');
    rows.push({
      pollId: poll.id,
      question: poll.question,
      state,
      facts: [
        { title: 'Answers', value: String(answers) },
        { title: 'Sent', value: where },
        { title: state === 'closed' ? 'Closed' : 'Closes', value: formatUkTime(poll.closedAt ?? poll.closesAt) },
      ],
      canClose: state !== 'closed',
      canRecall: channels > 0 || counts.pending > 0,
      canExport: input.where === 'personal',
    });
  }
  return cardReply(deps.presenter.myPollsCard(rows));
}
