import { startScheduler } from '../adapters/scheduler/interval-scheduler';
import { retentionJob } from '../application/apply-retention';
import type { BotDeps } from '../application/bot-deps';
import { DIGEST_TITLE } from '../application/digest/digest-command';
import type { DigestDeps } from '../application/digest/digest-deps';
import { runDueDigests } from '../application/digest/publish-digest';
import { reportLaunchWhenDone } from '../application/launches/launch-poll';
import { renderDelivery } from '../application/launches/render-delivery';
import { runDueWeekly } from '../application/launches/run-due-weekly';
import { DeliveryWorker } from '../application/outbox/delivery-worker';
import type { CardRefresher } from '../application/polls/card-refresher';
import { runDuePollWork } from '../application/polls/run-due-polls';
import type { DigestRenderer } from '../application/ports/digest-renderer';
import type { Store } from '../application/ports/store';
import { markChannelUnreachable } from '../application/record-installation';
import type { Config } from '../config/config';
import { PulseError } from '../domain/errors';
import { newCorrelation, withCorrelation } from '../observability/correlation';
import type { SharedParts, TeamsSide } from './wiring';

/** Draws a published week's digest card for the outbox. */
function digestRenderer(store: Store, digests: DigestDeps): DigestRenderer {
  return {
    card: async (weekId) => {
      const publication = await store.digests.get(weekId);
      if (!publication) {
        throw new PulseError(
          'ahp_pulse_subject_gone',
          `The digest of week ${weekId} is not recorded, so its delivery cannot be drawn; the outbox gives it up.`,
        );
      }
      return digests.presenter.digestCard(publication.digest, { title: DIGEST_TITLE });
    },
  };
}

/** Hooks for tests and operations: the same work the timers do, run now. */
export interface BackgroundWork {
  /** Sends every pending (coalesced) update of posted poll cards, and waits for them. */
  flushCardUpdates(): Promise<void>;
  /** Closes due polls and sends due reminders now. */
  runDuePollWork(): Promise<void>;
  /** Sends what the outbox holds that is due, until `done` says so. */
  drainOutbox(done?: () => Promise<boolean>): Promise<void>;
  /** Stops the delivery worker as a crash would, leaving its claims (tests of restart). */
  killWorker(): void;
}

/** The outbox's worker and the scheduler's jobs, started; with the hooks tests and operations use, and how to stop them. */
export function startBackgroundWork(
  config: Config,
  shared: SharedParts,
  store: Store,
  teams: TeamsSide,
  deps: { polls: BotDeps; digests: DigestDeps; refresher: CardRefresher },
): { work: BackgroundWork; stop(): Promise<void> } {
  const { polls, digests, refresher } = deps;
  const { clock, logger, metrics } = shared;
  const digestCards = digestRenderer(store, digests);
  const worker = new DeliveryWorker(
    {
      store,
      clock,
      logger,
      messenger: teams.outboxMessenger,
      render: (delivery) => renderDelivery(polls, delivery, digestCards),
      onBlocked: (delivery) => markChannelUnreachable({ store, clock }, delivery.target.teamId, delivery.target.channelId),
      metrics,
      correlate: (work) => withCorrelation(newCorrelation('delivery'), work),
      onPostsSettled: async (pollIds) => {
        for (const pollId of pollIds) await reportLaunchWhenDone(polls, pollId);
      },
    },
    {
      owner: config.delivery.instanceId,
      intervalMs: config.delivery.intervalMs,
      perTenantPerSecond: config.delivery.perTenantPerSecond,
      leaseMs: config.delivery.leaseMs,
      batch: config.delivery.perTenantPerSecond * 2,
    },
  );
  worker.start();
  const purgeExpired = retentionJob({ store, clock, logger }, config.retentionDays);
  const scheduler = startScheduler(
    config.polls.schedulerIntervalMs,
    {
      'close and remind polls': () => runDuePollWork(polls),
      'weekly pulses': () => runDueWeekly(polls),
      'weekly digest': () => runDueDigests(digests),
      retention: () => purgeExpired(),
      // Another instance's change to the content shows here within one tick.
      content: () => polls.contentSource.refresh(),
    },
    logger,
  );
  return {
    work: {
      flushCardUpdates: async () => {
        await refresher.flush();
        await worker.drain();
      },
      runDuePollWork: async () => {
        await scheduler.tickNow();
        await worker.drain();
      },
      drainOutbox: (done) => worker.drain(done),
      killWorker: () => worker.kill(),
    },
    stop: async () => {
      await scheduler.stop();
      await refresher.stop();
      await worker.stop();
    },
  };
}
