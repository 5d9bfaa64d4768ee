import type { Actor } from '../../domain/actor';
import { inert } from '../../domain/markdown';
import { openPoll, type Poll, PollRuleError, type Visibility } from '../../domain/poll';
import { specFromTemplate } from '../../domain/templates';
import type { BotDeps } from '../bot-deps';

const HOUR = 3_600_000;

/** A poll as a lead asks for it: a template and the choices made, however they were made. */
export interface PollRequest {
  readonly templateId: string;
  readonly priorityId?: string;
  /** Not before this time; now when absent. */
  readonly at?: Date;
  readonly durationMs: number;
  readonly anonymous: boolean;
  readonly visibility: Visibility;
  readonly allowQuotes: boolean;
}

/**
 * The one poll builder: the poll a request makes, the same for a poll started in a channel, a
 * launch, and a launch's preview (the template's question and options, the choices made, the
 * reminder setting). A request the template cannot take is a PollRuleError that says why.
 */
export function pollFor(deps: Pick<BotDeps, 'content' | 'settings'>, request: PollRequest, author: { id: string; actor: Actor }, now: Date): Poll {
  const template = deps.content.templates.find((t) => t.id === request.templateId);
  if (!template) {
    throw new PollRuleError(request.templateId ? `There is no poll template called "${inert(request.templateId)}".` : 'Which poll? Add a template name.');
  }
  const spec = specFromTemplate(template, deps.content.catalog, {
    ...(request.priorityId ? { priorityId: request.priorityId } : {}),
    anonymous: request.anonymous,
    visibility: request.visibility,
    allowQuotes: request.allowQuotes,
  });
  return openPoll(
    spec,
    { id: author.id, author: { aadObjectId: author.actor.aadObjectId, name: author.actor.name }, tenantId: author.actor.tenantId },
    { createdAt: now, opensAt: request.at ?? now, durationMs: request.durationMs, reminderBeforeMs: deps.settings.reminderBeforeHours * HOUR },
  );
}
