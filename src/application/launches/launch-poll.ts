import type { Actor } from '../../domain/actor';
import { type ChannelTarget, type Delivery, newDelivery } from '../../domain/delivery';
import { personalInstallationId, type TeamInstallation } from '../../domain/installation';
import { inert } from '../../domain/markdown';
import { PollRuleError } from '../../domain/poll';
import { formatUkTime } from '../../domain/uk-time';
import type { BotDeps } from '../bot-deps';
import { buildView, canManage } from '../polls/build-view';
import { closePollNow } from '../polls/close-poll';
import { type PollRequest, pollFor } from '../polls/poll-builder';
import { queueRecall } from '../polls/postings';
import { newPollId, parsePollArgs } from '../polls/start-poll';
import { recordAudit } from '../record-audit';
import { cardReply, type Reply, textReply } from '../routing/reply';
import { recallLine, summarise } from './delivery-summary';

const HOUR = 3_600_000;

/** The channels a launch goes to: every reachable channel of every team, one team, or the channel it was asked in. */
async function audience(deps: BotDeps, to: string, here?: ChannelTarget, channels?: LaunchRequest['channels']): Promise<ChannelTarget[]> {
  if (to === 'channels') return chosenChannels(deps, channels ?? []);
  if (to === 'here') {
    if (!here) throw new PollRuleError('to=here works in a channel; in our chat, say to=all or to=<team name>.');
    return [here];
  }
  const teams = ((await deps.store.installations.list({ kind: 'team', status: 'active' })) as TeamInstallation[]).filter((t) =>
    deps.tenants.allows(t.tenantId),
  );
  // A team's id, or its name when only one team has it: a team renamed to another's name never takes that team's launches.
  const chosen = to === 'all' ? teams : teams.filter((t) => t.teamId === to);
  if (chosen.length === 0 && to !== 'all') {
    const named = teams.filter((t) => t.teamName.toLowerCase() === to.toLowerCase());
    if (named.length > 1) {
      throw new PollRuleError(
        `${named.length} teams are called "${inert(to)}": say which by its id (to=<team id>): ${named.map((t) => t.teamId).join(', ')}. "channels" in our chat lists them.`,
      );
    }
    chosen.push(...named);
  }
  if (chosen.length === 0) {
    throw new PollRuleError(
      to === 'all'
        ? 'AHP Pulse is not installed in any team yet.'
        : `No team called "${inert(to)}" has AHP Pulse. Teams: ${teams.map((t) => t.teamName).join(', ') || 'none yet'}.`,
    );
  }
  return chosen.flatMap((team) =>
    team.channels
      .filter((c) => !c.unreachableSince)
      .map((c) => ({ teamId: team.teamId, channelId: c.id, tenantId: team.tenantId, serviceUrl: team.serviceUrl, address: team.address })),
  );
}

/** The channels a lead chose from the list: each must be a reachable channel of a team the bot is in, in an allowed tenant. */
export async function launchableChannels(deps: BotDeps): Promise<{ team: TeamInstallation; channel: TeamInstallation['channels'][number] }[]> {
  const teams = ((await deps.store.installations.list({ kind: 'team', status: 'active' })) as TeamInstallation[]).filter((t) =>
    deps.tenants.allows(t.tenantId),
  );
  return teams.flatMap((team) => team.channels.filter((c) => !c.unreachableSince).map((channel) => ({ team, channel })));
}

async function chosenChannels(deps: BotDeps, chosen: NonNullable<LaunchRequest['channels']>): Promise<ChannelTarget[]> {
  if (chosen.length === 0) throw new PollRuleError('Choose at least one channel to launch to.');
  const known = await launchableChannels(deps);
  return chosen.map(({ teamId, channelId }) => {
    const found = known.find((k) => k.team.teamId === teamId && k.channel.id === channelId);
    if (!found)
      throw new PollRuleError('One of the channels chosen is not one AHP Pulse can post in any more: open the form again to see the list as it is now.');
    const { team } = found;
    return { teamId, channelId, tenantId: team.tenantId, serviceUrl: team.serviceUrl, address: team.address };
  });
}

/** What a lead asks to launch, whether typed as one line or built by the compose dialog. */
export interface LaunchRequest extends PollRequest {
  /** "all", "here" (the channel it was asked in) or a team's name; "channels" for `channels`. */
  readonly to: string;
  /** With to=channels: the channels chosen (the poll form's list), each of a team the bot is in. */
  readonly channels?: readonly { readonly teamId: string; readonly channelId: string }[];
}

/** The card a request would post, exactly as it would be posted (before anyone answers). */
export async function previewLaunch(deps: BotDeps, actor: Actor, request: LaunchRequest): Promise<object> {
  const poll = pollFor(deps, request, { id: 'preview', actor }, deps.clock.now());
  return deps.presenter.sharedCard(await buildView(deps, poll));
}

/**
 * `launch <template> to=all|here|<team name> [at=<ISO time>] [closes=…] [anonymous=…] [results=…]`,
 * one line read into a request. Leads and admins: the command table checks.
 */
export async function launchFromArgs(deps: BotDeps, input: { actor: Actor; args: readonly string[]; here?: ChannelTarget }): Promise<Reply> {
  return textReply(await launchTextFromArgs(deps, input));
}

async function launchTextFromArgs(deps: BotDeps, input: { actor: Actor; args: readonly string[]; here?: ChannelTarget }): Promise<string> {
  let request: LaunchRequest;
  try {
    const args = parsePollArgs(input.args, deps.settings.defaultDurationHours * HOUR, ['to', 'at']);
    const at = args.extra.at ? new Date(args.extra.at) : undefined;
    if (at && Number.isNaN(at.getTime())) throw new PollRuleError(`at is a date and time such as 2026-12-01T09:00Z, not "${inert(args.extra.at ?? '')}".`);
    request = {
      templateId: args.templateId ?? '',
      ...(args.priorityId ? { priorityId: args.priorityId } : {}),
      to: args.extra.to ?? 'all',
      ...(at ? { at } : {}),
      durationMs: args.durationMs,
      anonymous: args.anonymous,
      visibility: args.visibility,
      allowQuotes: args.allowQuotes,
    };
  } catch (error) {
    if (error instanceof PollRuleError) return error.message;
    throw error;
  }
  return runLaunch(deps, input.actor, request, input.here);
}

/**
 * A launch: the poll is stored, and one delivery per channel goes into the outbox, due now or
 * at `at`. The worker posts them within Teams' limits; `status <poll id>` follows them.
 */
export async function launchFromRequest(deps: BotDeps, actor: Actor, request: LaunchRequest, here?: ChannelTarget): Promise<Reply> {
  return textReply(await runLaunch(deps, actor, request, here));
}

/** What someone who is not (or no longer) a lead is told when they try to launch. */
export const NOT_A_LEAD = 'Only professional leads and admins can launch polls.';

async function runLaunch(deps: BotDeps, actor: Actor, request: LaunchRequest, here?: ChannelTarget): Promise<string> {
  // Checked here, where the launch happens, whatever led to it: a role removed during a compose dialog is gone by its last turn.
  if (!(await deps.roles.isLead(actor.aadObjectId))) return NOT_A_LEAD;
  try {
    const now = deps.clock.now();
    const opens = request.at ?? now;
    if (opens.getTime() < now.getTime() - 60_000) throw new PollRuleError('at is in the past.');
    const poll = pollFor(deps, request, { id: newPollId(), actor }, now);
    const targets = await audience(deps, request.to, here, request.channels);
    if (targets.length === 0) throw new PollRuleError('None of those channels can be reached.');
    await deps.store.polls.create(poll);
    await deps.store.deliveries.enqueue(targets.map((t) => newDelivery({ pollId: poll.id }, 'post', t, now.toISOString(), { notBefore: opens.toISOString() })));
    const teams = new Set(targets.map((t) => t.teamId)).size;
    deps.logger.info('Poll launched', { pollId: poll.id, channels: targets.length, teams, opensAt: opens.toISOString() });
    deps.metrics.launched(targets.length);
    await recordAudit(deps, actor, 'poll.launched', poll.id, `${targets.length} channel${targets.length === 1 ? '' : 's'}`);
    const when = opens.getTime() > now.getTime() + 60_000 ? `on ${formatUkTime(opens.toISOString())}` : 'now';
    return `Launching poll ${poll.id} to ${targets.length} channel${targets.length === 1 ? '' : 's'} in ${teams} team${teams === 1 ? '' : 's'}, ${when}; it closes on ${formatUkTime(poll.closesAt)}. Follow it with "status ${poll.id}"; "cancel ${poll.id}" calls off what has not gone yet, "recall ${poll.id}" also takes down what has.`;
  } catch (error) {
    // The rules' own words go to the lead; anything else (a store that failed names its file or
    // endpoint) goes up to the turn's handler, which logs it and shows a short sentence with the reference.
    if (error instanceof PollRuleError) return error.message;
    throw error;
  }
}

/** Delivery status: sent, pending and failed (with reasons), for the poll's author or an admin. */
export async function launchStatus(deps: BotDeps, pollId: string, actor: Actor): Promise<Reply> {
  const poll = await deps.store.polls.get(pollId);
  if (!poll) return textReply(`There is no poll ${pollId}.`);
  // Where a poll went is its author's business, and an admin's: as close, cancel and recall.
  if (!canManage(deps, poll, actor)) return textReply('Only the poll’s author or an admin can see where it was sent.');
  const deliveries = await deps.store.deliveries.listForPoll(poll.id);
  const counts = summarise(deliveries);
  const failures = deliveries.filter((d) => d.kind === 'post' && d.status === 'failed').slice(0, 10);
  const recalled = recallLine(counts);
  const lines = [
    `Sent ${counts.sent}, pending ${counts.pending}, failed ${counts.failed}${counts.cancelled ? `, cancelled ${counts.cancelled}` : ''}.`,
    ...(recalled ? [recalled] : []),
    ...failures.map((d) => `Channel ${d.target.channelId}: ${d.lastError ?? 'failed'}`),
  ];
  return cardReply(deps.presenter.notice(`Delivery of poll ${poll.id}`, lines.join(' · ')));
}

/** Calls off a launch (what has not gone yet); with recall, also deletes what was posted. The poll closes. */
export async function cancelLaunch(deps: BotDeps, pollId: string, actor: Actor, recall: boolean): Promise<Reply> {
  return textReply(await cancelLaunchText(deps, pollId, actor, recall));
}

async function cancelLaunchText(deps: BotDeps, pollId: string, actor: Actor, recall: boolean): Promise<string> {
  const poll = await deps.store.polls.get(pollId);
  if (!poll) return `There is no poll ${pollId}.`;
  if (!canManage(deps, poll, actor)) return 'Only the poll’s author or an admin can cancel or recall it.';
  const cancelled = await deps.store.deliveries.cancelPending(poll.id, deps.clock.now().toISOString());
  // The cancel or recall is the audit record; the close it brings is part of it.
  await closePollNow(deps, poll.id, poll.author.aadObjectId === actor.aadObjectId.toLowerCase() ? 'author' : 'admin', actor, false);
  const recalled = recall ? await queueRecall(deps, poll) : 0;
  await recordAudit(deps, actor, recall ? 'poll.recalled' : 'poll.cancelled', poll.id, recall ? `${recalled} cards` : `${cancelled} pending posts`);
  return recall
    ? `Poll ${poll.id} is recalled: ${cancelled} pending post${cancelled === 1 ? '' : 's'} called off, ${recalled} posted card${recalled === 1 ? '' : 's'} being deleted.`
    : `Poll ${poll.id} is cancelled: ${cancelled} pending post${cancelled === 1 ? '' : 's'} called off. Cards already posted stay, closed.`;
}

/**
 * The lead hears back without asking: once every post of a launch has gone or been given up,
 * one message in their personal chat says what was sent and what failed, and why. Called for
 * each poll whose posts settled in an outbox round; the report's delivery id is fixed per poll,
 * so however many rounds (or instances) see the launch finished, it is queued once.
 */
export async function reportLaunchWhenDone(deps: BotDeps, pollId: string): Promise<void> {
  const deliveries = await deps.store.deliveries.listForPoll(pollId);
  const counts = summarise(deliveries);
  if (counts.pending > 0 || counts.sent + counts.failed === 0) return;
  if (deliveries.some((d) => d.kind === 'report')) return;
  const poll = await deps.store.polls.get(pollId);
  if (!poll) return;
  const author = poll.author.aadObjectId;
  const chat =
    (await deps.store.installations.get(personalInstallationId(author))) ?? (await deps.store.installations.get(personalInstallationId(author.toLowerCase())));
  if (chat?.kind !== 'personal' || chat.status !== 'active' || !deps.tenants.allows(chat.tenantId)) {
    deps.logger.info('A launch finished, but its author has no chat with the bot to hear it in', { pollId });
    return;
  }
  const conversationId = String((chat.address.conversation as { id?: string } | undefined)?.id ?? '');
  if (!conversationId) return;
  const target = { teamId: '', channelId: conversationId, tenantId: chat.tenantId, serviceUrl: chat.serviceUrl, address: chat.address, personal: true };
  await deps.store.deliveries.enqueue([newDelivery({ pollId: poll.id }, 'report', target, deps.clock.now().toISOString())]);
}

/** The launch report's words, drawn when it is sent. */
export function launchReport(poll: { id: string; question: string }, deliveries: readonly Delivery[]): { title: string; message: string } {
  const counts = summarise(deliveries);
  const total = counts.sent + counts.failed + counts.cancelled;
  const failures = deliveries.filter((d) => d.kind === 'post' && d.status === 'failed');
  const reasons = new Map<string, number>();
  for (const d of failures) reasons.set(d.lastError ?? 'failed', (reasons.get(d.lastError ?? 'failed') ?? 0) + 1);
  const lines = [
    `"${poll.question}" went to ${counts.sent} of ${total} channel${total === 1 ? '' : 's'}.`,
    ...(counts.failed > 0 ? [`${counts.failed} failed: ${[...reasons].map(([reason, n]) => `${reason} (${n})`).join('; ')}.`] : ['None failed.']),
    ...(counts.cancelled > 0 ? [`${counts.cancelled} were called off.`] : []),
    `"status ${poll.id}" shows each failed channel.`,
  ];
  return { title: `Your launch of poll ${poll.id} has finished`, message: lines.join(' ') };
}
