import { isPollId } from '../domain/markdown';
import { CardActionRouter, type CardActionInput, type CardReply } from '../application/routing/card-actions';
import { type HelpDeps, showHelp } from '../application/help-command';
import { answerPoll } from '../application/polls/answer-poll';
import { closePollByRequest } from '../application/polls/close-poll';
import type { BotDeps } from '../application/bot-deps';
import { viewPoll } from '../application/polls/view-poll';
import { type ProfileDeps, saveProfile, showProfile } from '../application/profile-command';
import type { CardRenderer } from '../cards/card-renderer';
import { VERBS } from '../cards/verbs';

export interface VerbTableDeps {
  readonly cards: CardRenderer;
  readonly polls: BotDeps;
  readonly profile: ProfileDeps;
}

/** What the help card needs: drawn from cards/help.json, the person's role, and who runs the bot. */
export function helpDeps(cards: CardRenderer, polls: BotDeps): HelpDeps {
  return { present: (view) => cards.render('help', view), roles: polls.roles, supportContact: polls.settings.supportContact };
}

/** Every card verb and its handler, in one table. A verb registered twice throws here, at start-up. */
export function buildVerbTable({ cards, polls, profile }: VerbTableDeps): CardActionRouter {
  const notice = (title: string, message: string, reference: string): CardReply => ({
    kind: 'card',
    card: cards.render('notice', { title, message, reference }),
  });
  const withPoll = (handler: (pollId: string, input: CardActionInput) => Promise<CardReply>) => async (input: CardActionInput) => {
    const pollId = input.data.pollId;
    return isPollId(pollId)
      ? handler(pollId, input)
      : notice('This card is missing its poll', 'Please use the card as it was posted. Nothing was saved.', input.correlationId);
  };

  return new CardActionRouter(async (input) =>
    notice(
      'That button is not one I know',
      `The card asked for "${input.verb || '(nothing)'}", which this version of AHP Pulse does not do. The card may be out of date; nothing was changed.`,
      input.correlationId,
    ),
  )
    .on(VERBS.showHelp, (input) => showHelp(helpDeps(cards, polls), input.actor, input.conversationType === 'personal' ? 'personal' : 'channel'))
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
    .on(VERBS.showProfile, (input) => showProfile(profile, input.actor))
    .on(VERBS.saveProfile, (input) => saveProfile(profile, input.actor, input.data));
}
