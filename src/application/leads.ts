import { inert } from '../domain/markdown';
import { type CardReply, textReply } from './reply';
import type { Actor } from '../domain/actor';
import type { Clock, Store } from './ports';
import type { Roles } from './roles';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Admins add and remove professional leads from inside the bot (`lead add <object id> [name]`,
 * `lead remove <object id>`, `leads`): stored with who and when. Leads in LEAD_IDS stay leads.
 * Admins only: the command table says so where it registers the commands.
 */
export async function manageLeads(deps: { store: Store; clock: Clock; roles: Roles }, actor: Actor, args: readonly string[]): Promise<CardReply> {
  return textReply(await manageLeadsText(deps, actor, args));
}

async function manageLeadsText(deps: { store: Store; clock: Clock; roles: Roles }, actor: Actor, args: readonly string[]): Promise<string> {
  const [action = '', id = '', ...name] = args;
  if (action === 'add' || action === 'remove') {
    if (!GUID.test(id)) return `"${inert(id)}" is not a Microsoft Entra object id (a GUID, from Entra ID > Users > Object ID).`;
    const key = id.toLowerCase();
    if (action === 'remove') {
      return (await deps.store.leads.remove(key))
        ? `${key} is no longer a lead.`
        : `${key} was not a lead added here${(await deps.roles.isLead(key)) ? ' (they are a lead through LEAD_IDS, which only configuration changes)' : ''}.`;
    }
    await deps.store.leads.save({ aadObjectId: key, name: name.join(' '), addedBy: actor.aadObjectId.toLowerCase(), addedAt: deps.clock.now().toISOString() });
    return `${name.join(' ') || key} is now a lead: they can start and launch polls.`;
  }
  const leads = await deps.store.leads.list();
  return leads.length === 0
    ? 'No leads have been added here (leads in LEAD_IDS are not listed). Add one with "lead add <object id> <name>".'
    : `Leads added here: ${leads.map((l) => `${l.name || l.aadObjectId} (${l.aadObjectId}, added by ${l.addedBy} on ${l.addedAt.slice(0, 10)})`).join('; ')}.`;
}
