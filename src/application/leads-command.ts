import type { Actor } from '../domain/actor';
import { inert } from '../domain/markdown';
import type { Roles } from './ports/roles';
import { type AuditDeps, recordAudit } from './record-audit';
import { type Reply, textReply } from './routing/reply';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Admins add and remove professional leads from inside the bot (`lead add <object id> [name]`,
 * `lead remove <object id>`, `leads`): stored with who and when. Leads in LEAD_IDS stay leads.
 * Admins only: the command table says so where it registers the commands.
 */
type LeadDeps = AuditDeps & { roles: Roles };

export async function manageLeads(deps: LeadDeps, actor: Actor, args: readonly string[]): Promise<Reply> {
  return textReply(await manageLeadsText(deps, actor, args));
}

async function manageLeadsText(deps: LeadDeps, actor: Actor, args: readonly string[]): Promise<string> {
  const [action = '', id = '', ...name] = args;
  if (action === 'add' || action === 'remove') {
    if (!GUID.test(id)) return `"${inert(id)}" is not a Microsoft Entra object id (a GUID, from Entra ID > Users > Object ID).`;
    const key = id.toLowerCase();
    const subject = deps.pseudonym({ aadObjectId: key, userId: '' });
    if (action === 'remove') {
      const removed = await deps.store.leads.remove(key);
      if (removed) await recordAudit(deps, actor, 'lead.removed', subject);
      return removed
        ? `${key} is no longer a lead.`
        : `${key} was not a lead added here${(await deps.roles.isLead(key)) ? ' (they are a lead through LEAD_IDS, which only configuration changes)' : ''}.`;
    }
    await deps.store.leads.save({ aadObjectId: key, name: name.join(' '), addedBy: actor.aadObjectId.toLowerCase(), addedAt: deps.clock.now().toISOString() });
    await recordAudit(deps, actor, 'lead.added', subject);
    return `${inert(name.join(' ')) || key} is now a lead: they can start and launch polls.`;
  }
  const leads = await deps.store.leads.list();
  return leads.length === 0
    ? 'No leads have been added here (leads in LEAD_IDS are not listed). Add one with "lead add <object id> <name>".'
    : `Leads added here: ${leads.map((l) => `${inert(l.name) || l.aadObjectId} (${l.aadObjectId}, added by ${l.addedBy} on ${l.addedAt.slice(0, 10)})`).join('; ')}.`;
}
