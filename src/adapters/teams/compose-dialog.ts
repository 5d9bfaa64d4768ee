import type { Storage, StoreItems } from 'botbuilder';
import {
  ChoicePrompt,
  ComponentDialog,
  ConfirmPrompt,
  type DialogContext,
  type DialogTurnResult,
  ListStyle,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { BotDeps } from '../../application/bot-deps';
import { type ComposeDraft as Draft, requestFromDraft } from '../../application/launches/compose-command';
import { type LaunchRequest, launchFromRequest, NOT_A_LEAD, previewLaunch } from '../../application/launches/launch-poll';
import type { ConversationStateRepository } from '../../application/ports/conversation-state-repository';
import type { Actor } from '../../domain/actor';
import { activePriorities } from '../../domain/catalog';
import type { TeamInstallation } from '../../domain/installation';
import { PollRuleError } from '../../domain/poll';
import { nextUkTime } from '../../domain/uk-time';
import { actorOf } from './activity-input';
import { cardMessage, replyMessage } from './card-message';

export const COMPOSE_DIALOG = 'compose';
const STEPS = 'compose.steps';
const CHOICE = 'compose.choice';
const CONFIRM = 'compose.confirm';
const ALL_TEAMS = 'All teams';
const CANCEL = 'cancel';

const WHEN = ['Now', 'Tomorrow at 09:00', 'Monday at 09:00'] as const;
const CLOSES: Record<string, string> = { '1 day': '1d', '3 days': '3d', '7 days': '7d', '14 days': '14d' };
const RESULTS: Record<string, string> = {
  'After answering': 'after-answer',
  Live: 'live',
  'After closing': 'after-close',
  'Author only': 'author-only',
};

/**
 * Compose a launch in the lead's chat with the bot, one question at a time: template, priority
 * (when the template needs one), audience, when, how long, results, anonymity; then a preview of
 * the exact card, and Launch, Edit (start again) or Cancel. "cancel" at any question ends it.
 * The draft lives in conversation state, kept in the store, so it survives a restart.
 */
export class ComposeDialog extends ComponentDialog {
  constructor(private readonly polls: BotDeps) {
    super(COMPOSE_DIALOG);
    this.addDialog(new ChoicePrompt(CHOICE));
    this.addDialog(new ConfirmPrompt(CONFIRM));
    this.addDialog(
      new WaterfallDialog<Draft>(STEPS, [
        (step) => {
          Object.assign(step.values, step.options ?? {}); // a duplicated poll's settings
          return this.ask(
            step,
            'template',
            'Which poll would you like to launch?',
            this.polls.content.templates.map((t) => t.id),
          );
        },
        (step) => {
          this.take(step, 'template');
          const template = this.polls.content.templates.find((t) => t.id === this.draft(step).template);
          if (!template?.needsPriority) return step.next();
          return this.ask(
            step,
            'priority',
            'Which draft priority is the statement about?',
            activePriorities(this.polls.content.catalog).map((p) => p.id),
          );
        },
        async (step) => {
          this.take(step, 'priority');
          const teams = (await this.polls.store.installations.list({ kind: 'team', status: 'active' })) as TeamInstallation[];
          return this.ask(step, 'to', 'Which teams should it go to?', [ALL_TEAMS, ...teams.map((t) => t.teamName)]);
        },
        (step) => {
          this.take(step, 'to', (choice) => (choice === ALL_TEAMS ? 'all' : choice));
          return this.ask(step, 'at', 'When should it go out?', [...WHEN]);
        },
        (step) => {
          this.take(step, 'at', (choice) =>
            choice === 'Now' ? '' : nextUkTime(this.polls.clock.now(), choice.startsWith('Tomorrow') ? 'tomorrow' : 'monday', 9, 0).toISOString(),
          );
          return this.ask(step, 'closes', 'How long should it stay open?', Object.keys(CLOSES));
        },
        (step) => {
          this.take(step, 'closes', (choice) => CLOSES[choice] ?? '7d');
          return this.ask(step, 'results', 'Who sees the results, and when?', Object.keys(RESULTS));
        },
        async (step) => {
          this.take(step, 'results', (choice) => RESULTS[choice] ?? 'after-answer');
          if (this.draft(step).anonymous !== undefined) return step.next();
          return step.prompt(CONFIRM, { prompt: 'Should answers be anonymous? (Yes keeps no name or Teams identity with an answer.)' });
        },
        async (step) => {
          if (typeof step.result === 'boolean') this.draft(step).anonymous = step.result;
          await step.context.sendActivity('This is the card that will be posted:');
          const request = this.request(step);
          if (typeof request === 'string') {
            await step.context.sendActivity(request);
            return step.endDialog();
          }
          const preview = await previewLaunch(this.polls, actorOf(step.context.activity), request);
          await step.context.sendActivity(cardMessage(preview));
          return step.prompt(CHOICE, {
            prompt: 'Launch it, edit it, or cancel?',
            retryPrompt: 'Please choose Launch, Edit or Cancel.',
            choices: ['Launch', 'Edit', 'Cancel'],
            style: ListStyle.heroCard,
          });
        },
        async (step) => {
          const choice = (step.result as { value?: string } | undefined)?.value;
          if (choice === 'Edit') return step.replaceDialog(STEPS, {});
          if (choice !== 'Launch') {
            await step.context.sendActivity('Cancelled. Nothing was launched.');
            return step.endDialog();
          }
          const actor: Actor = actorOf(step.context.activity);
          const request = this.request(step);
          const message = typeof request === 'string' ? request : replyMessage(await launchFromRequest(this.polls, actor, request));
          if (message) await step.context.sendActivity(message);
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = STEPS;
  }

  /** The launch the answers ask for, through the poll form's checks; or, when they fail (a priority retired meanwhile), what is wrong. */
  private request(step: WaterfallStepContext): LaunchRequest | string {
    try {
      return requestFromDraft(this.draft(step), this.polls.content, this.polls.clock.now());
    } catch (error) {
      if (error instanceof PollRuleError) return `${error.message} Nothing was launched: write "compose steps" to start again.`;
      throw error;
    }
  }

  /** "cancel" at any question ends the dialog; so does losing the lead role, at any turn. */
  protected override async onContinueDialog(inner: DialogContext): Promise<DialogTurnResult> {
    if ((inner.context.activity.text ?? '').trim().toLowerCase() === CANCEL) {
      await inner.context.sendActivity('Cancelled. Nothing was launched.');
      return inner.cancelAllDialogs();
    }
    if (!(await this.polls.roles.isLead(actorOf(inner.context.activity).aadObjectId))) {
      await inner.context.sendActivity(`${NOT_A_LEAD} Nothing was launched.`);
      return inner.cancelAllDialogs();
    }
    return super.onContinueDialog(inner);
  }

  private draft(step: WaterfallStepContext<Draft>): Draft {
    return step.values as Draft;
  }

  /** Asks, unless the draft (a duplicated poll) already holds the answer. */
  private async ask(step: WaterfallStepContext<Draft>, key: keyof Draft, prompt: string, choices: string[]): Promise<DialogTurnResult> {
    if (this.draft(step)[key] !== undefined) return step.next();
    return step.prompt(CHOICE, {
      prompt: `${prompt} (Say "cancel" at any time.)`,
      retryPrompt: `Please choose one of the options, or say "cancel". ${prompt}`,
      choices,
      style: ListStyle.heroCard,
    });
  }

  private take(step: WaterfallStepContext<Draft>, key: keyof Draft, map: (choice: string) => string = (c) => c): void {
    const choice = (step.result as { value?: string } | undefined)?.value;
    if (choice !== undefined) (this.draft(step) as Record<string, unknown>)[key] = map(choice);
  }
}

/** botbuilder's Storage over the store's conversation state, so drafts survive restarts. */
export class StoreBackedStorage implements Storage {
  constructor(private readonly state: ConversationStateRepository) {}
  async read(keys: string[]): Promise<StoreItems> {
    return (await this.state.read(keys)) as StoreItems;
  }
  async write(changes: StoreItems): Promise<void> {
    await this.state.write(JSON.parse(JSON.stringify(changes)) as Record<string, unknown>);
  }
  async delete(keys: string[]): Promise<void> {
    await this.state.delete(keys);
  }
}
