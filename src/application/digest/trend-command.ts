import { priorityById } from '../../domain/catalog';
import { pointsOf, TREND_WEEKS, weeksEndingAt } from '../../domain/digest/trend';
import { previousWeek, weekContaining } from '../../domain/digest/week';
import { inert } from '../../domain/markdown';
import type { CommandInput } from '../routing/commands';
import { cardReply, type Reply, textReply } from '../routing/reply';
import { publishedSupport } from './compute-digest';
import type { DigestDeps } from './digest-deps';

/** Weeks `trend` shows: a quarter of a year. */
export const TREND_COMMAND_WEEKS = 13;

/**
 * `trend <priority id>`: one draft priority's support in each published weekly digest of the
 * last quarter, as each digest published it (suppression included): leads and admins, in
 * personal chat.
 */
export async function trendCommand(deps: DigestDeps, input: CommandInput): Promise<Reply> {
  if (input.where !== 'personal') return textReply('Trends are for our personal chat: message me there.');
  const ids = deps.catalog.priorities.map((p) => `${p.id} (${p.title})`).join('; ');
  const [id = '', ...rest] = input.args.map((a) => a.toLowerCase());
  if (!id || rest.length > 0) return textReply(`Write "trend" and one priority id: ${ids}.`);
  const priority = priorityById(deps.catalog, id);
  if (!priority) return textReply(`"${inert(input.args[0]!)}" is not a draft priority's id. The ids: ${ids}.`);
  // Weeks whose digests are published: up to last week.
  const weeks = weeksEndingAt(previousWeek(weekContaining(deps.clock.now())), TREND_COMMAND_WEEKS);
  const published = await publishedSupport(deps, weeks);
  const history = new Map(published.map((w) => [w.weekId, w.priorities]));
  const points = pointsOf(priority.id, weeks, history);
  const rows = weeks.map((weekId, i) => {
    const week = history.get(weekId)?.find((p) => p.id === priority.id);
    const value =
      points[i] !== null
        ? String(points[i])
        : !history.has(weekId)
          ? 'no digest'
          : !week || week.asked === 0
            ? 'not asked about'
            : `suppressed (fewer than ${deps.minRespondents})`;
    return { weekId, value };
  });
  return cardReply(
    deps.presenter.trendCard({
      title: priority.title,
      raisedBy: priority.raisedBy,
      weeks: rows,
      points,
      shownWeeks: TREND_WEEKS,
      minRespondents: deps.minRespondents,
    }),
  );
}
