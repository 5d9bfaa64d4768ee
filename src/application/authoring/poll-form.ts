import { isPollId } from '../../domain/markdown';
import { type CheckedDraft, checkDraft, draftFromSpec, EMPTY_DRAFT, readDraft } from '../../domain/poll-draft';
import type { BotDeps } from '../bot-deps';
import { launchableChannels, NOT_A_LEAD, previewLaunch } from '../launches/launch-poll';
import { canManage } from '../polls/build-view';
import { pollFor } from '../polls/poll-builder';
import { newPollId, postPollHere } from '../polls/start-poll';
import { launchToChannels } from './form-launch';
import { type DialogStep, draftKey, type FormContext, form, notALead, preview, requestOf, savedDraft } from './form-steps';
import { templateStep } from './form-templates';

/**
 * The poll form: a lead writes a poll in their own words in a Teams dialog, opened from a
 * message extension (a compose box, the command box) or from a card in chat. Each step gives
 * the dialog's next step. The draft is kept between steps under the lead's own key in the
 * store's conversation state (erased with their data, purged with old state), so the preview,
 * Edit, Post here and Launch all read the same draft; nothing else is stored until the lead
 * posts or launches it.
 */

/** The steps a form's button may ask for (`pollForm` in its data); anything else gives the form again. */
export const POLL_FORM_STEPS = ['open', 'preview', 'preview-launch', 'edit', 'post', 'launch', 'use-template', 'save-template', 'retire-template'] as const;

/**
 * The context with `here` only where AHP Pulse can post: a reachable channel of a team it is in,
 * in an allowed tenant (a chat, or a team without the bot, has no "Post here").
 */
export async function formContext(deps: BotDeps, context: FormContext): Promise<FormContext> {
  const here = context.here;
  if (!here || here.personal) return { actor: context.actor, fromExtension: context.fromExtension };
  const known = await launchableChannels(deps);
  const found = known.find((k) => k.team.teamId === here.teamId && k.channel.id === here.channelId);
  return found
    ? { ...context, here: { ...here, tenantId: found.team.tenantId, serviceUrl: found.team.serviceUrl, address: found.team.address } }
    : { actor: context.actor, fromExtension: context.fromExtension };
}

/** Opens the form: empty, or filled from a past poll (`compose like <poll id>`, Duplicate) that the lead may manage. */
export async function openPollForm(deps: BotDeps, context: FormContext, likePollId?: string): Promise<DialogStep> {
  if (!(await deps.roles.isLead(context.actor.aadObjectId))) return notALead(deps);
  await deps.contentSource.refresh(); // the lead's templates, as saved on any instance
  if (likePollId !== undefined && isPollId(likePollId)) {
    const poll = await deps.store.polls.get(likePollId);
    if (poll && canManage(deps, poll, context.actor)) return form(deps, context, draftFromSpec(poll, deps.content.catalog));
  }
  return form(deps, context, EMPTY_DRAFT);
}

/**
 * A step of the form: `pollForm` in the data says which. "preview" (from a message extension)
 * goes to Teams' own preview, to be sent here; "preview-launch" to the dialog's preview with
 * the channels to launch to; "edit" back to the form, as it was; "post" and "launch" do it.
 */
export async function submitPollForm(deps: BotDeps, context: FormContext, data: Readonly<Record<string, unknown>>): Promise<DialogStep> {
  if (!(await deps.roles.isLead(context.actor.aadObjectId))) return notALead(deps);
  const step = typeof data.pollForm === 'string' ? data.pollForm : '';
  if (step === 'use-template' || step === 'save-template' || step === 'retire-template') return templateStep(deps, context, step, data);
  if (step === 'preview' || step === 'preview-launch') {
    const draft = readDraft(data);
    const checked = checkDraft(draft, deps.content.catalog, deps.clock.now());
    if (!checked.ok) return form(deps, context, draft, checked);
    await deps.store.conversationState.write({ [draftKey(context.actor.aadObjectId)]: { draft, savedAt: deps.clock.now().toISOString() } });
    if (step === 'preview' && context.fromExtension) {
      return { kind: 'message-preview', card: await previewLaunch(deps, context.actor, requestOf(checked, deps.clock.now(), { to: 'here' })) };
    }
    return preview(deps, context, checked);
  }
  const draft = await savedDraft(deps, context.actor);
  if (!draft) return form(deps, context, EMPTY_DRAFT);
  if (step === 'edit') return form(deps, context, draft);
  const checked = checkDraft(draft, deps.content.catalog, deps.clock.now());
  // Time passes between the preview and the post: a closing time gone by meanwhile goes back to the form.
  if (!checked.ok) return form(deps, context, draft, checked);
  if (step === 'post') return postHere(deps, context, checked);
  if (step === 'launch') return launchToChannels(deps, context, checked, data);
  return form(deps, context, draft);
}

/** Posts the draft's poll in the conversation the form came from, as a new thread in a channel, keeping its activity id. */
export async function postHere(deps: BotDeps, context: FormContext, checked?: Extract<CheckedDraft, { ok: true }>): Promise<DialogStep> {
  if (!(await deps.roles.isLead(context.actor.aadObjectId))) return { kind: 'done', text: NOT_A_LEAD };
  let ready = checked;
  if (!ready) {
    const draft = await savedDraft(deps, context.actor);
    const again = draft ? checkDraft(draft, deps.content.catalog, deps.clock.now()) : undefined;
    if (!draft || !again) return { kind: 'done', text: 'That draft is no longer here: open the form again. Nothing was posted.' };
    if (!again.ok) return form(deps, context, draft, again);
    ready = again;
  }
  if (!context.here)
    return { kind: 'done', text: 'Post here works in a channel or a chat that AHP Pulse is in: use Launch to choose channels. Nothing was posted.' };
  const now = deps.clock.now();
  const poll = pollFor(deps, requestOf(ready, now, { to: 'here' }), { id: newPollId(), actor: context.actor }, now);
  await postPollHere(deps, context.actor, poll, context.here);
  await deps.store.conversationState.delete([draftKey(context.actor.aadObjectId)]);
  return { kind: 'done', text: `Poll ${poll.id} is posted here. "status ${poll.id}" or "close ${poll.id}" in our chat.` };
}
