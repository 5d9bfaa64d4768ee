import type { ContentPresenter } from '../application/ports/content-presenter';
import { DESCRIPTION_MAX, SOURCE_MAX, TITLE_MAX } from '../domain/content-edit';
import type { CardRenderer } from './card-renderer';

const RAISED = { citizens: 'citizens', ahps: 'AHPs' } as const;

/** The content admins edit (cards/content-list.json, priority-form.json, workforce-form.json). */
export function contentPresenter(cards: CardRenderer): ContentPresenter {
  const problemsOf = (problems: Record<string, string | undefined>, fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, problems[f] ?? '']));
  return {
    list: (catalog) =>
      cards.render('content-list', {
        intro:
          'Changes show on the next card and the next digest; a published digest keeps the wording it was published with. Ids never change. Each change is in the audit log.',
        priorities: catalog.priorities.map((p) => ({
          id: p.id,
          title: p.title,
          line: `${p.id} · raised by ${p.raisedBy.map((r) => RAISED[r]).join(' and ')}${p.retiredAt ? ` · retired ${p.retiredAt.slice(0, 10)}` : ''}`,
        })),
        groups: catalog.workforce.groups.map((g) => ({ id: g.id, title: g.title, count: g.count.toLocaleString('en-GB'), source: g.source, asAt: g.asAt })),
      }),
    priorityForm: ({ priorityId, fields, problems }) =>
      cards.render('priority-form', {
        intro: priorityId ? `Priority ${priorityId}: its id stays the same.` : 'A new draft priority: its id is made from its title, and stays.',
        priorityId: priorityId ?? '',
        fields: { covers: '', ...fields },
        problems: problemsOf(problems, ['title', 'description', 'raisedBy', 'covers']),
        titleMax: TITLE_MAX,
        descriptionMax: DESCRIPTION_MAX,
      }),
    workforceForm: ({ groupId, title, fields, problems }) =>
      cards.render('workforce-form', {
        intro: `${title}: a better figure, with where it comes from and the date it counts people at.`,
        groupId,
        fields,
        problems: problemsOf(problems, ['count', 'source', 'asAt']),
        sourceMax: SOURCE_MAX,
      }),
  };
}
