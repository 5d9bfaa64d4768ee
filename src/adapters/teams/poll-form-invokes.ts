import { type Activity, MessageFactory, type MessagingExtensionActionResponse, type TaskModuleResponse, type TurnContext } from 'botbuilder';
import type { DialogStep, FormContext } from '../../application/authoring/form-steps';
import { formContext, openPollForm, postHere, submitPollForm } from '../../application/authoring/poll-form';
import type { BotDeps } from '../../application/bot-deps';
import { openContentForm, submitContentForm } from '../../application/content/manage-content';
import { actorOf, channelAddressOf, channelDataOf, teamIdOf, tenantIdOf } from './activity-input';

/**
 * The poll form's invokes, as Teams sends them. The message extension's action command
 * (manifest `composeExtensions`) opens it with `composeExtension/fetchTask` and submits it with
 * `composeExtension/submitAction`, then Teams' own preview comes back with
 * `botMessagePreviewAction` "edit" or "send"; from a card in chat, `task/fetch` and
 * `task/submit`. Each becomes a plain step of application/authoring/poll-form.ts.
 */

/** The message extension's commands, by the id the manifest gives them. */
export const MESSAGE_EXTENSION_COMMANDS = { newPoll: 'newPoll' } as const;

const CARD = 'application/vnd.microsoft.card.adaptive';

function contextOf(deps: BotDeps, context: TurnContext, fromExtension: boolean): Promise<FormContext> {
  const activity = context.activity;
  const teamId = teamIdOf(activity);
  const channelId = channelDataOf(activity).channel?.id;
  return formContext(deps, {
    actor: actorOf(activity),
    fromExtension,
    ...(teamId && channelId
      ? { here: { teamId, channelId, tenantId: tenantIdOf(activity), serviceUrl: activity.serviceUrl ?? '', address: channelAddressOf(activity) } }
      : {}),
  });
}

function answer(step: DialogStep): MessagingExtensionActionResponse & TaskModuleResponse {
  if (step.kind === 'dialog') {
    return { task: { type: 'continue', value: { title: step.title, width: 'large', height: 'large', card: { contentType: CARD, content: step.card } } } };
  }
  if (step.kind === 'message-preview') {
    return {
      composeExtension: { type: 'botMessagePreview', activityPreview: MessageFactory.attachment({ contentType: CARD, content: step.card }) as Activity },
    };
  }
  return { task: { type: 'message', value: step.text } };
}

/** What the dialog's inputs and the action's own data sent back: an object, or nothing. */
function dataOf(value: unknown): Readonly<Record<string, unknown>> {
  const data = value !== null && typeof value === 'object' ? (value as { data?: unknown }).data : undefined;
  return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

function commandOf(value: unknown): string {
  const id = value !== null && typeof value === 'object' ? (value as { commandId?: unknown }).commandId : undefined;
  return typeof id === 'string' ? id : '';
}

const UNKNOWN: DialogStep = { kind: 'done', text: 'That command is not one this version of AHP Pulse has. Nothing was changed.' };

export async function extensionFetchTask(deps: BotDeps, context: TurnContext): Promise<MessagingExtensionActionResponse> {
  if (commandOf(context.activity.value) !== MESSAGE_EXTENSION_COMMANDS.newPoll) return answer(UNKNOWN);
  return answer(await openPollForm(deps, await contextOf(deps, context, true)));
}

export async function extensionSubmit(deps: BotDeps, context: TurnContext): Promise<MessagingExtensionActionResponse> {
  if (commandOf(context.activity.value) !== MESSAGE_EXTENSION_COMMANDS.newPoll) return answer(UNKNOWN);
  const form = await contextOf(deps, context, true);
  const value = context.activity.value as { botMessagePreviewAction?: unknown } | undefined;
  const preview = value?.botMessagePreviewAction;
  if (preview === 'send') return answer(await postHere(deps, form));
  if (preview === 'edit') return answer(await submitPollForm(deps, form, { pollForm: 'edit' }));
  return answer(await submitPollForm(deps, form, dataOf(context.activity.value)));
}

export async function dialogFetch(deps: BotDeps, context: TurnContext): Promise<TaskModuleResponse> {
  const data = dataOf(context.activity.value);
  // The content's forms (admins), opened from the list "content" shows.
  if (data.contentForm !== undefined) return answer(await openContentForm(deps, actorOf(context.activity), data));
  const like = typeof data.likePollId === 'string' ? data.likePollId : undefined;
  return answer(await openPollForm(deps, await contextOf(deps, context, false), like));
}

export async function dialogSubmit(deps: BotDeps, context: TurnContext): Promise<TaskModuleResponse> {
  const data = dataOf(context.activity.value);
  if (data.contentForm !== undefined) return answer(await submitContentForm(deps, actorOf(context.activity), data));
  return answer(await submitPollForm(deps, await contextOf(deps, context, false), dataOf(context.activity.value)));
}
