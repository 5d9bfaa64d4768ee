import type { Actor } from '../domain/actor';
import type { Catalog } from '../domain/catalog';
import type { Clock } from './ports/clock';
import type { PollPresenter } from './ports/poll-presenter';
import type { Store } from './ports/store';
import { cardReply, type Reply } from './routing/reply';

export interface ProfileDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly catalog: Catalog;
  readonly presenter: PollPresenter;
}

/** The small card where a person declares their profession, once, changeable. */
export async function showProfile(deps: ProfileDeps, actor: Actor): Promise<Reply> {
  const current = actor.aadObjectId ? await deps.store.profiles.get(actor.aadObjectId.toLowerCase()) : undefined;
  return cardReply(deps.presenter.profileCard(deps.catalog, current?.profession));
}

export async function saveProfile(deps: ProfileDeps, actor: Actor, data: Readonly<Record<string, unknown>>): Promise<Reply> {
  if (!actor.aadObjectId) {
    return cardReply(deps.presenter.notice('Your profession could not be saved', 'Teams did not say who you are. Please try again from Teams.'));
  }
  const chosen = typeof data.profession === 'string' ? data.profession.trim() : '';
  const profession = deps.catalog.professions.find((p) => p.id === chosen);
  if (!profession) {
    return cardReply(deps.presenter.profileCard(deps.catalog, undefined, 'Please choose one of the professions in the list. Nothing was saved.'));
  }
  await deps.store.profiles.save({ aadObjectId: actor.aadObjectId.toLowerCase(), profession: profession.id, updatedAt: deps.clock.now().toISOString() });
  return cardReply(deps.presenter.profileCard(deps.catalog, profession.id, `Saved: ${profession.title}. Your next answers count towards it.`));
}
