import { retireTemplate, saveTemplate } from '../../domain/content-edit';
import { checkDraft, readDraft } from '../../domain/poll-draft';
import type { BotDeps } from '../bot-deps';
import { recordAudit } from '../record-audit';
import { type DialogStep, type FormContext, form, templatesOf } from './form-steps';

/** A lead's templates: start from one, save the form as one (a name used again replaces it: how one is edited), or retire one. */
export async function templateStep(deps: BotDeps, context: FormContext, step: string, data: Readonly<Record<string, unknown>>): Promise<DialogStep> {
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
