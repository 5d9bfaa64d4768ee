import type { Catalog } from '../../domain/catalog';
import type { ContentProblems, PriorityFields, WorkforceFields } from '../../domain/content-edit';

/** Draws the content admins edit: the list, and a priority's or a workforce figure's form in a dialog (src/cards/content-forms.ts). */
export interface ContentPresenter {
  list(catalog: Catalog): object;
  priorityForm(view: { readonly priorityId?: string; readonly fields: PriorityFields; readonly problems: ContentProblems }): object;
  workforceForm(view: { readonly groupId: string; readonly title: string; readonly fields: WorkforceFields; readonly problems: ContentProblems }): object;
}
