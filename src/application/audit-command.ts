import { AUDIT_ACTIONS } from '../domain/audit';
import type { BotDeps } from './bot-deps';
import type { CommandInput } from './routing/commands';
import { cardReply, type Reply, textReply } from './routing/reply';

const SHOWN = 50;

/**
 * `audit [days]` (admins, personal chat): the audit log of the last days (7 unless said, up to
 * 365), newest last. People appear as their keyed pseudonyms; `my data` shows a person theirs.
 */
export async function auditCommand(deps: BotDeps, input: CommandInput): Promise<Reply> {
  if (input.where !== 'personal') return textReply('The audit log is private: ask for it in our personal chat.');
  const raw = input.args[0] ?? '7';
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > 365) return textReply('Write "audit" or "audit <days>", with 1 to 365 days.');
  const days = Number(raw);
  const since = new Date(deps.clock.now().getTime() - days * 86_400_000).toISOString();
  const records = await deps.store.audit.listSince(since, 10_000);
  if (records.length === 0) return textReply(`Nothing was recorded in the audit log in the last ${days} day${days === 1 ? '' : 's'}.`);
  const shown = records.slice(-SHOWN);
  const lines = shown.map((r) => `${r.at.slice(0, 16).replace('T', ' ')} UTC · ${r.action} · ${r.subject} · by ${r.actor}${r.detail ? ` (${r.detail})` : ''}`);
  const more = records.length > shown.length ? [`…and ${records.length - shown.length} earlier. Ask for fewer days to see them.`] : [];
  return cardReply(
    deps.presenter.notice(
      `Audit log: the last ${days} day${days === 1 ? '' : 's'} (${records.length} record${records.length === 1 ? '' : 's'})`,
      [...more, ...lines, `Actions recorded: ${AUDIT_ACTIONS.join(', ')}. People are named by keyed pseudonyms.`].join(' · '),
    ),
  );
}
