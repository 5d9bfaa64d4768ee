import type { Actor } from '../../domain/actor';
import type { LeadTemplate } from '../../domain/content-edit';
import type { ChannelTarget } from '../../domain/delivery';
import { type CheckedDraft, type PollDraft, readDraft } from '../../domain/poll-draft';
import type { BotDeps } from '../bot-deps';
import { type LaunchRequest, launchableChannels, previewLaunch } from '../launches/launch-poll';

/** The dialog's next step, as a use case of the poll form (poll-form.ts) gives it; the Teams adapter answers the invoke with it. */
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

export const TITLE = 'New pulse poll';

/** Where a lead's draft waits between the form's steps: their own key in the store's conversation state. */
export function draftKey(aadObjectId: string): string {
  return `ahp-pulse/poll-form/${aadObjectId.toLowerCase()}`;
}

export async function notALead(deps: BotDeps): Promise<DialogStep> {
  return {
    kind: 'dialog',
    title: TITLE,
    card: deps.presenter.notice(
      'Only professional leads create polls',
      `Professional leads and admins write polls for their channels. If you should be one, ask your AHP Pulse admin (${deps.settings.supportContact}) to add you as a lead. Nothing was saved.`,
    ),
  };
}

export async function savedDraft(deps: BotDeps, actor: Actor): Promise<PollDraft | undefined> {
  const key = draftKey(actor.aadObjectId);
  const stored = (await deps.store.conversationState.read([key]))[key] as { draft?: Record<string, unknown> } | undefined;
  return stored?.draft ? readDraft(stored.draft) : undefined;
}

/** The lead's own templates in use, newest first. */
export function templatesOf(deps: BotDeps, actor: Actor): LeadTemplate[] {
  const owner = deps.pseudonym(actor);
  return deps.contentSource.leadTemplates.filter((t) => t.owner === owner && !t.retiredAt).sort((a, b) => (a.savedAt < b.savedAt ? 1 : -1));
}

export function form(
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

export function requestOf(checked: Extract<CheckedDraft, { ok: true }>, now: Date, extra: Pick<LaunchRequest, 'to'> & Partial<LaunchRequest>): LaunchRequest {
  const opens = extra.at ?? now;
  return {
    templateId: '',
    spec: checked.spec,
    // "In 1 week" counts from when it opens, however late it launches; a day and time is that moment.
    durationMs: checked.openForMs ?? checked.closesAt.getTime() - opens.getTime(),
    anonymous: checked.spec.anonymous,
    visibility: checked.spec.visibility,
    allowQuotes: checked.spec.allowQuotes === true,
    ...extra,
  };
}

export async function preview(deps: BotDeps, context: FormContext, checked: Extract<CheckedDraft, { ok: true }>, problem?: string): Promise<DialogStep> {
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
