import { type DigestWeek, parseWeekId, previousWeek, weekContaining, weekLabel } from '../../domain/digest/week';
import { isPollId } from '../../domain/markdown';
import type { CommandInput } from '../routing/commands';
import { NOT_A_POLL_ID, type Reply, textReply } from '../routing/reply';
import type { DigestDeps } from './digest-deps';
import { exportLinks, exportRefusal } from './export-responses';

/** `export poll <id>` or `export week [<YYYY-MM-DD>|last]`: leads and admins, in personal chat. */
export async function exportCommand(deps: DigestDeps, input: CommandInput): Promise<Reply> {
  if (input.where !== 'personal') return textReply('Exports are private: ask for one in our personal chat.');
  const [what = '', id = ''] = input.args.map((a) => a.toLowerCase());
  const now = deps.clock.now();
  if (what === 'poll') {
    if (!id) return textReply('Which poll? Write "export poll <poll id>".');
    if (!isPollId(input.args[1])) return textReply(NOT_A_POLL_ID);
    const poll = await deps.store.polls.get(input.args[1]);
    if (!poll) return textReply(`There is no poll ${input.args[1]}.`);
    const refusal = await exportRefusal(deps, poll, input.actor.aadObjectId.toLowerCase());
    if (refusal) return textReply(refusal);
    return exportLinks(
      deps,
      input.actor,
      { kind: 'poll', id: poll.id },
      `Responses to "${poll.question}"${poll.anonymous ? ' (anonymous: no names or ids)' : ''}`,
    );
  }
  if (what === 'week') {
    let week: DigestWeek = weekContaining(now);
    if (id === 'last') week = previousWeek(week);
    else if (id) {
      const parsed = parseWeekId(id);
      if ('problem' in parsed) return textReply(parsed.problem);
      week = parsed;
    }
    const whose = deps.roles.isAdmin(input.actor.aadObjectId) ? 'the polls' : 'your polls';
    return exportLinks(
      deps,
      input.actor,
      { kind: 'week', id: week.id },
      `Responses to ${whose} open in the week of ${weekLabel(week)} that may be exported (closed, where results wait for closing; anonymous ones from ${deps.minRespondents} people up)`,
    );
  }
  return textReply('Write "export poll <poll id>" or "export week <Monday as YYYY-MM-DD>" (or "export week" for this week).');
}
