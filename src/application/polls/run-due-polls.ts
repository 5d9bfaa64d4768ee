import type { Poll } from '../../domain/poll';
import { formatUkTime } from '../../domain/uk-time';
import type { BotDeps } from '../bot-deps';
import { closePollNow } from './close-poll';
import { queueReminders } from './postings';

/**
 * One tick of the scheduler: close every open poll whose closing time has passed (including
 * those that passed while the bot was down), and send each due reminder once. Both are
 * versioned writes, so two instances on one store do each thing once.
 */
export async function runDuePollWork(deps: BotDeps): Promise<void> {
  const now = deps.clock.now();
  for (const poll of await deps.store.polls.listDue(now.toISOString())) {
    try {
      if (Date.parse(poll.closesAt) <= now.getTime()) await closePollNow(deps, poll.id, 'schedule');
      else await sendReminderOnce(deps, poll);
    } catch (error) {
      deps.logger.error('Scheduled poll work failed; it will be tried again on the next tick', { pollId: poll.id, error });
    }
  }
}

async function sendReminderOnce(deps: BotDeps, poll: Poll): Promise<void> {
  const claimed: Poll = { ...poll, reminderSentAt: deps.clock.now().toISOString(), version: poll.version + 1 };
  if (await deps.store.polls.update(claimed, poll.version)) await queueReminders(deps, poll);
}

/** The reminder's words, drawn when the outbox sends it. */
export function reminderText(poll: Poll): string {
  return `Reminder: this poll closes on ${formatUkTime(poll.closesAt)}. There is still time to answer, or to change your answer.`;
}
