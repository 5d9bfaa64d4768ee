import { randomBytes } from 'node:crypto';
import type { Actor } from '../../domain/actor';
import { activePriorities } from '../../domain/catalog';
import type { ChannelTarget } from '../../domain/delivery';
import { PulseError } from '../../domain/errors';
import { inert } from '../../domain/markdown';
import { type Poll, PollRuleError, VISIBILITIES, type Visibility } from '../../domain/poll';
import { formatUkTime } from '../../domain/uk-time';
import type { BotDeps } from '../bot-deps';
import { recordAudit } from '../record-audit';
import { readCommandArgs } from '../routing/command-args';
import { type Reply, textReply } from '../routing/reply';
import { buildView } from './build-view';
import { pollFor } from './poll-builder';

export interface StartPollInput {
  readonly actor: Actor;
  /** What followed "poll": a template id, then key=value choices. */
  readonly args: readonly string[];
  readonly target: ChannelTarget;
}

const DURATION = /^(\d{1,4})([mhd])$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function newPollId(): string {
  return `p${randomBytes(5).toString('hex')}`;
}

/** `poll <template> [priority=<id>] [closes=<n>m|h|d] [anonymous=yes|no] [results=<visibility>] [quotes=yes|no]` */
export function parsePollArgs(args: readonly string[], defaultDurationMs: number, extraKeys: readonly string[] = []) {
  const { words, choices: given, malformed } = readCommandArgs(args);
  const [templateId, ...stray] = words;
  const odd = [...stray, ...malformed][0];
  if (odd !== undefined) throw new PollRuleError(`"${inert(odd)}" is not a choice I know: write key=value, e.g. closes=3d.`);
  // Names and times keep their case (a team is "AHP Community"); every other choice is a keyword.
  const choices: Record<string, string> = Object.fromEntries(
    [...given].map(([key, value]) => [key, key === 'to' || key === 'at' ? value : value.toLowerCase()]),
  );
  const known = ['priority', 'closes', 'anonymous', 'results', 'quotes', ...extraKeys];
  const unknown = Object.keys(choices).filter((k) => !known.includes(k));
  if (unknown.length > 0) throw new PollRuleError(`I do not know ${unknown.map((k) => `"${inert(k)}"`).join(', ')}. Choices: ${known.join(', ')}.`);
  const yesNo = (key: string, fallback: boolean): boolean => {
    const value = choices[key];
    if (value === undefined) return fallback;
    if (value === 'yes' || value === 'no') return value === 'yes';
    throw new PollRuleError(`${key} is yes or no, not "${inert(value)}".`);
  };
  let durationMs = defaultDurationMs;
  if (choices.closes !== undefined) {
    const match = DURATION.exec(choices.closes);
    if (!match) throw new PollRuleError(`closes is a length of time such as 90m, 12h or 7d, not "${inert(choices.closes ?? '')}".`);
    durationMs = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
    if (durationMs < 5 * 60_000 || durationMs > 90 * UNIT_MS.d) throw new PollRuleError('A poll stays open from 5 minutes to 90 days.');
  }
  const visibility = (choices.results ?? 'after-answer') as Visibility;
  if (!VISIBILITIES.includes(visibility)) throw new PollRuleError(`results is one of ${VISIBILITIES.join(', ')}, not "${inert(choices.results ?? '')}".`);
  return {
    templateId: templateId?.toLowerCase(),
    priorityId: choices.priority,
    durationMs,
    anonymous: yesNo('anonymous', true),
    visibility,
    allowQuotes: yesNo('quotes', false),
    extra: Object.fromEntries(extraKeys.filter((k) => choices[k] !== undefined).map((k) => [k, choices[k]!])) as Record<string, string>,
  };
}

/** The ready-made polls, as a card, with a notice on top when there is something to say. */
export function templatesReply(deps: BotDeps, notice?: string): Reply {
  const card = deps.presenter.templatesCard(
    deps.content.templates,
    activePriorities(deps.content.catalog).map((p) => p.id),
    notice,
  );
  return { kind: 'card', card };
}

/**
 * Stores a new poll and posts its card in the conversation it was asked from: a new thread in a
 * channel, a message in a chat. The posting is recorded, so the card can be updated.
 */
export async function postPollHere(deps: BotDeps, actor: Actor, poll: Poll, target: ChannelTarget): Promise<Poll> {
  await deps.store.polls.create(poll);
  const posting = await deps.messenger.postCard(target, deps.presenter.sharedCard(await buildView(deps, poll)));
  const posted: Poll = { ...poll, postings: [posting], version: poll.version + 1 };
  if (!(await deps.store.polls.update(posted, poll.version)))
    throw new PulseError(
      'ahp_pulse_changed_meanwhile',
      `Poll ${poll.id} changed while it was being posted; its card is posted, but the post was not recorded: close it and start it again.`,
    );
  deps.logger.info('Poll started', { pollId: poll.id, kind: poll.kind, channelId: target.channelId });
  deps.metrics.launched(1);
  await recordAudit(deps, actor, 'poll.launched', poll.id, 'posted in the conversation it was started in');
  return posted;
}

/**
 * A lead (or admin: the command table checks) starts a poll from a template in a channel: the
 * poll is stored, its card posted as a new thread in the channel, and the posting recorded so
 * the card can be updated.
 */
export async function startPoll(deps: BotDeps, input: StartPollInput): Promise<Reply> {
  let poll: Poll;
  try {
    const args = parsePollArgs(input.args, deps.settings.defaultDurationHours * UNIT_MS.h);
    if (!deps.content.templates.some((t) => t.id === args.templateId)) {
      return templatesReply(
        deps,
        args.templateId ? `There is no poll template called "${inert(args.templateId)}".` : 'Which poll? Add a template name after "poll".',
      );
    }
    const request = {
      templateId: args.templateId ?? '',
      ...(args.priorityId ? { priorityId: args.priorityId } : {}),
      durationMs: args.durationMs,
      anonymous: args.anonymous,
      visibility: args.visibility,
      allowQuotes: args.allowQuotes,
    };
    poll = pollFor(deps, request, { id: newPollId(), actor: input.actor }, deps.clock.now());
  } catch (error) {
    if (error instanceof PulseError) return textReply(error.message);
    throw error;
  }
  await postPollHere(deps, input.actor, poll, input.target);
  return textReply(
    `Poll ${poll.id} is posted. It closes on ${formatUkTime(poll.closesAt)}. To close it early: "close ${poll.id}", or use Close now on your view of the card.`,
  );
}
