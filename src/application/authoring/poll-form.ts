import type { Actor } from '../../domain/actor';
import { type LeadTemplate, retireTemplate, saveTemplate } from '../../domain/content-edit';
import type { ChannelTarget } from '../../domain/delivery';
import { isPollId } from '../../domain/markdown';
import { type CheckedDraft, checkDraft, draftFromSpec, EMPTY_DRAFT, type PollDraft, readDraft } from '../../domain/poll-draft';
import { ukInstant } from '../../domain/uk-time';
import type { BotDeps } from '../bot-deps';
import { type LaunchRequest, launchableChannels, launchFromRequest, NOT_A_LEAD, previewLaunch } from '../launches/launch-poll';
import { canManage } from '../polls/build-view';
import { pollFor } from '../polls/poll-builder';
import { newPollId, postPollHere } from '../polls/start-poll';
import { recordAudit } from '../record-audit';

/**
 * The poll form: a lead writes a poll in their own words in a Teams dialog, opened from a
 * message extension (a compose box, the command box) or from a card in chat. Each step gives
 * the dialog's next step. The draft is kept between steps under the lead's own key in the
 * store's conversation state (erased with their data, purged with old state), so the preview,
 * Edit, Post here and Launch all read the same draft; nothing else is stored until the lead
 * posts or launches it.
 */
export type DialogStep =
  /** Show this card in the dialog (the form, its preview, or a notice). */
  | { readonly kind: 'dialog'; readonly title: string; readonly card: object }
  /** Teams' own preview in the compose box (a message extension's botMessagePreview), with this card. */
  | { readonly kind: 'message-preview'; readonly card: object }
  /** Close the dialog, saying this. */
  | { readonly kind: 'done'; readonly text: string };

export interface FormContext {
  readonly actor: Actor;
  /** The conversation the form was opened from, where it is a channel or chat the bot can post in. */
  readonly here?: ChannelTarget;
  readonly fromExtension: boolean;
}

/** The steps a form's button may ask for (`pollForm` in its data); anything else gives the form again. */
export const POLL_FORM_STEPS = ['open', 'preview', 'preview-launch', 'edit', 'post', 'launch', 'use-template', 'save-template', 'retire-template'] as const;

const TITLE = 'New pulse poll';
const DAY = 86_400_000;

export function draftKey(aadObjectId: string): string {
  return `ahp-pulse/poll-form/${aadObjectId.toLowerCase()}`;
}

async function notALead(deps: BotDeps): Promise<DialogStep> {
  return {
    kind: 'dialog',
    title: TITLE,
    card: deps.presenter.notice(
      'Only professional leads create polls',
      `Professional leads and admins write polls for their channels. If you should be one, ask your AHP Pulse admin (${deps.settings.supportContact}) to add you as a lead. Nothing was saved.`,
    ),
  };
}

async function savedDraft(deps: BotDeps, actor: Actor): Promise<PollDraft | undefined> {
  const key = draftKey(actor.aadObjectId);
  const stored = (await deps.store.conversationState.read([key]))[key] as { draft?: Record<string, unknown> } | undefined;
  return stored?.draft ? readDraft(stored.draft) : undefined;
}

/** The lead's own templates in use, newest first. */
function templatesOf(deps: BotDeps, actor: Actor): LeadTemplate[] {
  const owner = deps.pseudonym(actor);
  return deps.contentSource.leadTemplates.filter((t) => t.owner === owner && !t.retiredAt).sort((a, b) => (a.savedAt < b.savedAt ? 1 : -1));
}

function form(
  deps: BotDeps,
  context: FormContext,
  draft: PollDraft,
  checked?: CheckedDraft,
  more: { notice?: string; templateName?: string; templateProblem?: string } = {},
): DialogStep {
  const problems = checked && !checked.ok ? checked.problems : {};
  const canPostHere = context.fromExtension && context.here !== undefined;
  const templates = templatesOf(deps, context.actor).map((t) => ({ id: t.id, name: t.name }));
  return { kind: 'dialog', title: TITLE, card: deps.forms.form({ draft, problems, catalog: deps.content.catalog, canPostHere, templates, ...more }) };
}

/** A lead's templates: start from one, save the form as one (a name used again replaces it: how one is edited), or retire one. */
async function templateStep(deps: BotDeps, context: FormContext, step: string, data: Readonly<Record<string, unknown>>): Promise<DialogStep> {
  const draft = readDraft(data);
  const now = deps.clock.now();
  const owner = deps.pseudonym(context.actor);
  await deps.contentSource.refresh();
  const chosen = templatesOf(deps, context.actor).find((t) => t.id === data.startFrom);
  if (step === 'use-template') {
    if (!chosen) return form(deps, context, draft, undefined, { templateProblem: 'Choose one of your templates first.' });
    return form(deps, context, chosen.draft, undefined, {
      notice: `Started from your template "${chosen.name}". Change what you like, then preview it.`,
      templateName: chosen.name,
    });
  }
  const name = typeof data.templateName === 'string' ? data.templateName : '';
  if (step === 'retire-template') {
    const retired = await deps.contentSource.change((_catalog, templates) => {
      const next = retireTemplate(templates, owner, typeof data.startFrom === 'string' ? data.startFrom : '', now);
      return next.ok ? { ok: true, value: { templates: next.value } } : next;
    }, now);
    if (!retired.ok) return form(deps, context, draft, undefined, { templateProblem: retired.problems.title ?? 'Choose one of your templates first.' });
    await recordAudit(deps, context.actor, 'template.retired', String(data.startFrom));
    return form(deps, context, draft, undefined, { notice: `Retired your template "${chosen?.name ?? ''}": it is no longer offered.`, templateName: name });
  }
  // Save as template: only a draft that would make a poll, so a template is always ready to use.
  const checked = checkDraft(draft, deps.content.catalog, now);
  if (!checked.ok)
    return form(deps, context, draft, checked, { templateName: name, templateProblem: 'Put right what is noted above, then save it as a template.' });
  if (name.trim() === '') return form(deps, context, draft, undefined, { templateName: name, templateProblem: 'Give the template a name.' });
  const saved = await deps.contentSource.change((_catalog, templates) => {
    const next = saveTemplate(templates, owner, name, draft, now);
    return next.ok ? { ok: true, value: { templates: next.value } } : next;
  }, now);
  if (!saved.ok) return form(deps, context, draft, undefined, { templateName: name, templateProblem: saved.problems.title ?? 'That name cannot be used.' });
  await recordAudit(deps, context.actor, 'template.saved', name.trim().slice(0, 60));
  return form(deps, context, draft, undefined, {
    notice: `Saved as your template "${name.trim()}". Start from it in this form next time.`,
    templateName: name.trim(),
  });
}

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

function requestOf(checked: Extract<CheckedDraft, { ok: true }>, now: Date, extra: Pick<LaunchRequest, 'to'> & Partial<LaunchRequest>): LaunchRequest {
  const opens = extra.at ?? now;
  return {
    templateId: '',
    spec: checked.spec,
    durationMs: checked.closesAt.getTime() - opens.getTime(),
    anonymous: checked.spec.anonymous,
    visibility: checked.spec.visibility,
    allowQuotes: checked.spec.allowQuotes === true,
    ...extra,
  };
}

async function preview(deps: BotDeps, context: FormContext, checked: Extract<CheckedDraft, { ok: true }>, problem?: string): Promise<DialogStep> {
  const card = await previewLaunch(deps, context.actor, requestOf(checked, deps.clock.now(), { to: 'here' }));
  const channels = (await launchableChannels(deps)).map(({ team, channel }) => ({
    value: `${team.teamId}|${channel.id}`,
    title: `${team.teamName} › ${channel.name}`,
  }));
  return {
    kind: 'dialog',
    title: TITLE,
    card: deps.forms.preview(card, { postHere: context.here !== undefined, channels, ...(problem ? { problem } : {}) }),
  };
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

async function launchToChannels(
  deps: BotDeps,
  context: FormContext,
  checked: Extract<CheckedDraft, { ok: true }>,
  data: Readonly<Record<string, unknown>>,
): Promise<DialogStep> {
  const chosen = (typeof data.launchTo === 'string' ? data.launchTo : '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => {
      const [teamId = '', channelId = ''] = v.split('|');
      return { teamId, channelId };
    });
  if (chosen.length === 0) return preview(deps, context, checked, 'Choose at least one channel to launch to.');
  let at: Date | undefined;
  if (data.launchWhen === 'date') {
    const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof data.launchDate === 'string' ? data.launchDate : '');
    const time = /^([01]\d|2[0-3]):([0-5]\d)/.exec(typeof data.launchTime === 'string' ? data.launchTime : '');
    if (!date || !time) return preview(deps, context, checked, 'Choose the day and the time to launch it, or Now.');
    at = new Date(ukInstant({ y: Number(date[1]), m: Number(date[2]), d: Number(date[3]) }, Number(time[1]), Number(time[2])));
    const now = deps.clock.now();
    if (at.getTime() < now.getTime() - 60_000) return preview(deps, context, checked, 'That launch time is in the past: choose a later one, or Now.');
    if (checked.closesAt.getTime() - at.getTime() < 5 * 60_000)
      return preview(deps, context, checked, 'The poll would close before it launched: launch it earlier, or Edit its closing time.');
    if (at.getTime() - now.getTime() > 90 * DAY) return preview(deps, context, checked, 'Launch it within 90 days.');
  }
  const known = await launchableChannels(deps);
  if (!chosen.every((c) => known.some((k) => k.team.teamId === c.teamId && k.channel.id === c.channelId))) {
    return preview(deps, context, checked, 'One of the channels chosen is not one AHP Pulse can post in any more: here is the list as it is now.');
  }
  const reply = await launchFromRequest(deps, context.actor, requestOf(checked, deps.clock.now(), { to: 'channels', channels: chosen, ...(at ? { at } : {}) }));
  await deps.store.conversationState.delete([draftKey(context.actor.aadObjectId)]);
  return { kind: 'done', text: reply.kind === 'text' ? reply.text : 'Launched.' };
}
