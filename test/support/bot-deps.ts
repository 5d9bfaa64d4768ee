import { openSqliteStore } from '../../src/adapters/store/embedded/store';
import type { BotDeps } from '../../src/application/bot-deps';
import { ContentSource } from '../../src/application/content/content-source';
import { PERSON_WINDOWS, PersonLimits } from '../../src/application/person-limits';
import { participantSeals, pseudonymiser, respondentKeyer } from '../../src/application/polls/respondent-key';
import { ResultsCache } from '../../src/application/polls/results-cache';
import type { Clock } from '../../src/application/ports/clock';
import type { Messenger } from '../../src/application/ports/messenger';
import type { Store } from '../../src/application/ports/store';
import { rolesFromSettings } from '../../src/application/routing/roles';
import { loadCardRenderer } from '../../src/cards/card-renderer';
import { contentPresenter } from '../../src/cards/content-forms';
import { pollPresenter } from '../../src/cards/poll-cards';
import { pollFormPresenter } from '../../src/cards/poll-form';
import { type PollSettings, parseConfig } from '../../src/config/config';
import { loadContent } from '../../src/config/content';
import type { ChannelTarget, Posting } from '../../src/domain/delivery';
import { allowedTenants } from '../../src/domain/tenants';
import { noMetrics } from '../../src/observability/no-metrics';
import { memoryLogger } from './test-app';

export const LEAD_AAD = '11111111-1111-4111-8111-111111111111';
export const ADMIN_AAD = '99999999-9999-4999-8999-999999999999';

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private at: Date = new Date('2026-11-24T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.at);
  }
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

/**
 * Records what would reach Teams, for use-case tests that do not go through HTTP (the
 * end-to-end tests use the real Teams adapter and the fake Bot Connector instead).
 */
export class RecordingMessenger implements Messenger {
  readonly posts: { target: ChannelTarget; card: object; posting: Posting }[] = [];
  readonly updates: { posting: Posting; card: object }[] = [];
  readonly replies: { posting: Posting; text: string }[] = [];
  async postCard(target: ChannelTarget, card: object): Promise<Posting> {
    const activityId = String(1_700_000_000_000 + this.posts.length);
    const posting: Posting = {
      teamId: target.teamId,
      channelId: target.channelId,
      conversationId: `${target.channelId};messageid=${activityId}`,
      activityId,
      serviceUrl: target.serviceUrl,
      address: {},
      postedAt: new Date().toISOString(),
    };
    this.posts.push({ target, card, posting });
    return posting;
  }
  async updateCard(posting: Posting, card: object): Promise<void> {
    this.updates.push({ posting, card });
  }
  async replyInThread(posting: Posting, text: string): Promise<void> {
    this.replies.push({ posting, text });
  }
  readonly deletes: Posting[] = [];
  async deleteCard(posting: Posting): Promise<void> {
    this.deletes.push(posting);
  }
}

export function testSettings(overrides: Partial<PollSettings> = {}): PollSettings {
  const base = parseConfig({ LEAD_IDS: LEAD_AAD, ADMIN_IDS: ADMIN_AAD, MIN_RESPONDENTS: '3' }).polls;
  return { ...base, ...overrides };
}

export function makeBotDeps(
  dataDir: string,
  options: { clock?: ManualClock; settings?: Partial<PollSettings>; store?: Store } = {},
): BotDeps & { messenger: RecordingMessenger; clock: ManualClock; refreshRequests: string[] } {
  const settings = testSettings(options.settings);
  const refreshRequests: string[] = [];
  const cards = loadCardRenderer();
  const clock = options.clock ?? new ManualClock();
  const store = options.store ?? openSqliteStore(dataDir);
  const contentSource = new ContentSource(loadContent(parseConfig({}).contentDir), store.content);
  return {
    store,
    clock,
    logger: memoryLogger(),
    messenger: new RecordingMessenger(),
    get content() {
      return contentSource.content;
    },
    contentSource,
    contentForms: contentPresenter(cards),
    settings,
    roles: rolesFromSettings(settings),
    respondentKey: respondentKeyer('a-test-secret-that-is-at-least-32-characters-long'),
    presenter: pollPresenter(cards),
    forms: pollFormPresenter(cards),
    requestRefresh: (pollId) => refreshRequests.push(pollId),
    resultsCache: new ResultsCache(0),
    tenants: allowedTenants([]),
    pseudonym: pseudonymiser('a-test-secret-that-is-at-least-32-characters-long'),
    participants: participantSeals('a-test-secret-that-is-at-least-32-characters-long'),
    metrics: noMetrics,
    personLimits: new PersonLimits(clock, PERSON_WINDOWS),
    refreshRequests,
  };
}
