import type { Catalog } from '../domain/catalog';
import type { Actor } from '../domain/actor';
import type { CardReply } from './routing/card-actions';
import type { PollPresenter } from './ports/poll-presenter';
import type { Clock } from './ports/clock';
import type { Store } from './ports/store';

export interface ProfileDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly catalog: Catalog;
  readonly presenter: PollPresenter;
}

/** The small card where a person declares their profession, once, changeable. */
export async function showProfile(deps: ProfileDeps, actor: Actor): Promise<CardReply> {
  const current = actor.aadObjectId ? await deps.store.profiles.get(actor.aadObjectId.toLowerCase()) : undefined;
  return { kind: 'card', card: deps.presenter.profileCard(deps.catalog, current?.profession) };
}

export async function saveProfile(deps: ProfileDeps, actor: Actor, data: Readonly<Record<string, unknown>>): Promise<CardReply> {
  if (!actor.aadObjectId) {
    return { kind: 'card', card: deps.presenter.notice('Your profession could not be saved', 'Teams did not say who you are. Please try again from Teams.') };
  }
  const chosen = typeof data.profession === 'string' ? data.profession.trim() : '';
  const profession = deps.catalog.professions.find((p) => p.id === chosen);
  if (!profession) {
    return { kind: 'card', card: deps.presenter.profileCard(deps.catalog, undefined, 'Please choose one of the professions in the list. Nothing was saved.') };
  }
  await deps.store.profiles.save({ aadObjectId: actor.aadObjectId.toLowerCase(), profession: profession.id, updatedAt: deps.clock.now().toISOString() });
  return {
    kind: 'card',
    card: deps.presenter.profileCard(deps.catalog, profession.id, `Saved: ${profession.title}. Your next answers count towards it.`),
  };
}
