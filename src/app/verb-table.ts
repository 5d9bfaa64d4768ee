import type { BotDeps } from '../application/bot-deps';
import type { DigestDeps } from '../application/digest/digest-deps';
import { exportCommand } from '../application/digest/export-command';
import { type HelpDeps, showHelp } from '../application/help-command';
import { cancelLaunch, launchStatus } from '../application/launches/launch-poll';
import { answerPoll } from '../application/polls/answer-poll';
import { closePollByRequest } from '../application/polls/close-poll';
import { viewPoll } from '../application/polls/view-poll';
import { type ProfileDeps, saveProfile, showProfile } from '../application/profile-command';
import { type CardActionInput, CardActionRouter } from '../application/routing/card-actions';
import type { CommandTable } from '../application/routing/commands';
import { cardReply, type Reply } from '../application/routing/reply';
import type { CardRenderer } from '../cards/card-renderer';
import { VERBS } from '../cards/verbs';
import { isPollId } from '../domain/markdown';

export interface VerbTableDeps {
  readonly cards: CardRenderer;
  readonly polls: BotDeps;
  readonly profile: ProfileDeps;
  /** The command table, whose routes the help card lists. */
  readonly commands: Pick<CommandTable, 'help'>;
  /** For Export on "my polls". */
  readonly digests: DigestDeps;
}

/** What the help card needs: drawn from cards/help.json, the person's role, the command table's lines, and who runs the bot. */
export function helpDeps(cards: CardRenderer, polls: BotDeps, commands: Pick<CommandTable, 'help'>): HelpDeps {
  return {
    present: (view) => cards.render('help', view),
    roles: polls.roles,
    supportContact: polls.settings.supportContact,
    commands: (reader) => commands.help(reader),
  };
}

/** Every card verb and its handler, in one table. A verb registered twice throws here, at start-up. */
export function buildVerbTable({ cards, polls, profile, commands, digests }: VerbTableDeps): CardActionRouter {
  const notice = (title: string, message: string, reference: string): Reply => cardReply(cards.render('notice', { title, message, reference }));
  const withPoll = (handler: (pollId: string, input: CardActionInput) => Promise<Reply>) => async (input: CardActionInput) => {
    const pollId = input.data.pollId;
    return isPollId(pollId)
      ? handler(pollId, input)
      : notice('This card is missing its poll', 'Please use the card as it was posted. Nothing was saved.', input.correlationId);
  };

  const lead = (doing: string) => ({ requires: 'lead' as const, doing });
  return (
    new CardActionRouter(
      async (input) =>
        notice(
          'That button is not one I know',
          `The card asked for "${input.verb || '(nothing)'}", which this version of AHP Pulse does not do. The card may be out of date; nothing was changed.`,
          input.correlationId,
        ),
      polls.roles,
    )
      .on(VERBS.showHelp, (input) => showHelp(helpDeps(cards, polls, commands), input.actor, input.conversationType === 'personal' ? 'personal' : 'channel'))
      .on(
        VERBS.answerPoll,
        withPoll((pollId, input) =>
          answerPoll(polls, { pollId, data: input.data, actor: input.actor, conversationId: input.conversationId, answeredAt: input.receivedAt }),
        ),
      )
      .on(
        VERBS.viewPoll,
        withPoll((pollId, input) => viewPoll(polls, pollId, input.actor, input.conversationId)),
      )
      .on(
        VERBS.closePoll,
        withPoll((pollId, input) => closePollByRequest(polls, pollId, input.actor)),
      )
      // "My polls" (my-polls-command.ts): the same checks as status, recall and export typed; then the use case's owner check.
      .on(
        VERBS.pollStatus,
        lead('see delivery status'),
        withPoll((pollId, input) => launchStatus(polls, pollId, input.actor)),
      )
      .on(
        VERBS.recallPoll,
        lead('recall polls'),
        withPoll((pollId, input) => cancelLaunch(polls, pollId, input.actor, true)),
      )
      .on(
        VERBS.exportPoll,
        lead('export responses'),
        withPoll((pollId, input) =>
          exportCommand(digests, {
            name: 'export',
            args: ['poll', pollId],
            actor: input.actor,
            where: input.conversationType === 'personal' ? 'personal' : 'channel',
          }),
        ),
      )
      .on(VERBS.showProfile, (input) => showProfile(profile, input.actor))
      .on(VERBS.saveProfile, (input) => saveProfile(profile, input.actor, input.data))
  );
}
