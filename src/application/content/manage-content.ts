import type { Actor } from '../../domain/actor';
import { type ContentProblems, changePriority, changeWorkforce, type PriorityFields, type WorkforceFields } from '../../domain/content-edit';
import type { DialogStep } from '../authoring/form-steps';
import type { BotDeps } from '../bot-deps';
import { recordAudit } from '../record-audit';
import type { CommandInput } from '../routing/commands';
import { cardReply, type Reply, textReply } from '../routing/reply';

/**
 * Admins edit the content in the bot: `content` (in our chat) lists the draft priorities and
 * the workforce figures, each with Edit, and "Add a priority"; each opens a form in a dialog
 * (task/fetch, task/submit). A saved change goes to the store (content-source.ts), to the audit
 * log with who and when, and shows on the next card and the next digest.
 */
export async function contentCommand(deps: BotDeps, input: CommandInput): Promise<Reply> {
  if (input.where !== 'personal') return textReply('The content is edited in our personal chat: write "content" there.');
  await deps.contentSource.refresh();
  return cardReply(deps.contentForms.list(deps.content.catalog));
}

const TITLE = 'Content';
const text = (data: Readonly<Record<string, unknown>>, key: string): string => (typeof data[key] === 'string' ? (data[key] as string).slice(0, 4_000) : '');

function notAnAdmin(deps: BotDeps): DialogStep {
  return {
    kind: 'dialog',
    title: TITLE,
    card: deps.presenter.notice(
      'Only admins edit the content',
      'The draft priorities and the workforce figures are changed by AHP Pulse admins. Nothing was changed.',
    ),
  };
}

function priorityStep(deps: BotDeps, priorityId: string | undefined, fields: PriorityFields, problems: ContentProblems): DialogStep {
  return { kind: 'dialog', title: TITLE, card: deps.contentForms.priorityForm({ ...(priorityId ? { priorityId } : {}), fields, problems }) };
}

function workforceStep(deps: BotDeps, groupId: string, fields: WorkforceFields, problems: ContentProblems): DialogStep {
  const group = deps.content.catalog.workforce.groups.find((g) => g.id === groupId);
  return { kind: 'dialog', title: TITLE, card: deps.contentForms.workforceForm({ groupId, title: group?.title ?? groupId, fields, problems }) };
}

/** Opens a form: a priority's (or a new one's), or a workforce figure's, filled with what it says now. */
export async function openContentForm(deps: BotDeps, actor: Actor, data: Readonly<Record<string, unknown>>): Promise<DialogStep> {
  if (!deps.roles.isAdmin(actor.aadObjectId)) return notAnAdmin(deps);
  await deps.contentSource.refresh();
  const catalog = deps.content.catalog;
  if (data.contentForm === 'workforce') {
    const group = catalog.workforce.groups.find((g) => g.id === text(data, 'groupId'));
    if (!group) return { kind: 'done', text: 'That group is not in the workforce any more: write "content" to see the list as it is now.' };
    return workforceStep(deps, group.id, { count: String(group.count), source: group.source, asAt: group.asAt }, {});
  }
  const priority = catalog.priorities.find((p) => p.id === text(data, 'priorityId'));
  return priorityStep(
    deps,
    priority?.id,
    priority
      ? {
          title: priority.title,
          description: priority.description,
          raisedBy: priority.raisedBy.join(','),
          covers: (priority.covers ?? []).join(', '),
          retired: String(priority.retiredAt !== undefined),
        }
      : { title: '', description: '', raisedBy: 'ahps', covers: '', retired: 'false' },
    {},
  );
}

/** Saves a form: every problem back beside its field, or the change stored, audited and in use. */
export async function submitContentForm(deps: BotDeps, actor: Actor, data: Readonly<Record<string, unknown>>): Promise<DialogStep> {
  if (!deps.roles.isAdmin(actor.aadObjectId)) return notAnAdmin(deps);
  const now = deps.clock.now();
  if (data.contentForm === 'workforce') {
    const groupId = text(data, 'groupId');
    const fields = { count: text(data, 'count'), source: text(data, 'source'), asAt: text(data, 'asAt') };
    const saved = await deps.contentSource.change((catalog) => {
      const workforce = changeWorkforce(catalog, groupId, fields, now);
      return workforce.ok ? { ok: true, value: { workforce: workforce.value } } : workforce;
    }, now);
    if (!saved.ok) return workforceStep(deps, groupId, fields, saved.problems);
    await recordAudit(deps, actor, 'content.workforce.changed', groupId, `${fields.count} as at ${fields.asAt}`);
    return { kind: 'done', text: `Saved: the workforce figure for ${groupId} is ${fields.count}, as at ${fields.asAt}. The next digest uses it.` };
  }
  const priorityId = text(data, 'priorityId') || undefined;
  const fields = {
    title: text(data, 'title'),
    description: text(data, 'description'),
    raisedBy: text(data, 'raisedBy'),
    // A form without the box (an older card) keeps what the priority covers.
    ...(typeof data.covers === 'string' ? { covers: data.covers } : {}),
    retired: text(data, 'retired'),
  };
  let id = priorityId;
  const saved = await deps.contentSource.change((catalog) => {
    const priorities = changePriority(catalog, priorityId, fields, now);
    if (!priorities.ok) return priorities;
    id ??= priorities.value.at(-1)?.id;
    return { ok: true, value: { priorities: priorities.value } };
  }, now);
  if (!saved.ok) return priorityStep(deps, priorityId, fields, saved.problems);
  const retired = fields.retired === 'true';
  await recordAudit(deps, actor, priorityId ? (retired ? 'content.priority.retired' : 'content.priority.changed') : 'content.priority.added', id ?? '');
  return {
    kind: 'done',
    text: `Saved: priority ${id} is "${fields.title.trim()}"${retired ? ', retired' : ''}. The next card and the next digest use it; published digests keep their wording.`,
  };
}
