import type { Content } from '../../config/content';
import type { Catalog } from '../../domain/catalog';
import { type ContentCheck, type LeadTemplate, type StoredCatalog, withEdits } from '../../domain/content-edit';
import { PulseError } from '../../domain/errors';
import type { ContentRepository } from '../ports/content-repository';

/** What a change gives: the parts it edited (the rest stay as they are). */
export type Edited = Partial<Pick<StoredCatalog, 'priorities' | 'workforce' | 'templates'>>;

/**
 * The content every use case reads: the seed (content/*.json) with what admins have changed
 * in the bot (the store's one content record) over it. Read from memory, so a card or a digest
 * costs no store read; refreshed at start-up, after each change made here, and on every
 * scheduler tick (another instance's change shows within one tick).
 */
export class ContentSource {
  private current: Content;
  private templates: readonly LeadTemplate[] = [];
  private version = 0;

  constructor(
    private readonly seed: Content,
    private readonly stored: ContentRepository,
  ) {
    this.current = seed;
  }

  get content(): Content {
    return this.current;
  }

  /** Leads' own templates, retired ones included (callers offer a lead their own, in use). */
  get leadTemplates(): readonly LeadTemplate[] {
    return this.templates;
  }

  async refresh(): Promise<void> {
    const stored = await this.stored.get();
    if (stored && stored.version !== this.version) this.use(stored);
  }

  /**
   * A change, applied to the newest content and saved on its version: `change` reads the
   * catalogue and gives the edited parts, or what is wrong. Tried again when another admin
   * saved meanwhile, so neither change is lost.
   */
  async change(change: (catalog: Catalog, templates: readonly LeadTemplate[]) => ContentCheck<Edited>, now: Date): Promise<ContentCheck<Edited>> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const stored = await this.stored.get();
      if (stored) this.use(stored);
      const checked = change(this.current.catalog, this.templates);
      if (!checked.ok) return checked;
      const catalog = this.current.catalog;
      const next: StoredCatalog = {
        priorities: checked.value.priorities ?? catalog.priorities,
        workforce: checked.value.workforce ?? catalog.workforce.groups,
        templates: checked.value.templates ?? this.templates,
        version: (stored?.version ?? 0) + 1,
        updatedAt: now.toISOString(),
      };
      if (await this.stored.save(next, stored?.version ?? 0)) {
        this.use(next);
        return checked;
      }
    }
    throw new PulseError(
      'ahp_pulse_changed_meanwhile',
      'The content changed five times while this change was being saved: open the list again and make the change once more.',
    );
  }

  private use(stored: StoredCatalog): void {
    this.version = stored.version;
    this.templates = stored.templates ?? [];
    this.current = Object.freeze({ ...this.seed, catalog: Object.freeze(withEdits(this.seed.catalog, stored)) });
  }
}
