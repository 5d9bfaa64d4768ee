import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for the Bot Connector service (smba.trafficmanager.net), the one
 * cloud service the tests cannot run. It behaves like Teams where the bot can tell:
 * per-conversation and per-tenant rate limits answered with 429 and Retry-After, 403
 * MessageWritesBlocked for a conversation the bot was removed from, team channel lists,
 * and a record of every activity it accepted. A new channel thread is named as Teams names it
 * (`<channel>;messageid=<n>`, its card the activity `<n>`), and an update or delete of an
 * activity it never issued in that conversation (or already deleted) gets 404, as Teams
 * refuses it; what each conversation shows now is kept, as a person in Teams would see it.
 */

export interface RecordedActivity {
  readonly id: string;
  readonly conversationId: string;
  readonly method: 'create' | 'send' | 'reply' | 'update' | 'delete';
  readonly activity: Record<string, unknown>;
  readonly at: number;
}

interface Reply {
  readonly status: number;
  readonly json?: unknown;
  readonly headers?: Record<string, string>;
}

/** A message as a conversation shows it now: the latest update of what was posted, until deleted. */
export interface ShownMessage {
  readonly id: string;
  /** The conversation it was posted to (a thread's root: the channel). */
  readonly conversationId: string;
  readonly activity: Record<string, unknown>;
}

export interface FakeTeam {
  readonly id: string;
  readonly name: string;
  readonly channels: readonly { id: string; name?: string }[];
}

export interface FakeConnectorOptions {
  readonly teams?: readonly FakeTeam[];
  /** Teams' documented limits for one bot in one conversation. */
  readonly perConversation?: readonly { readonly count: number; readonly windowMs: number }[];
  /** Requests a second for the whole app in one tenant. */
  readonly perTenantPerSecond?: number;
  /** Delay every answer, to keep a turn in flight. */
  readonly latencyMs?: number;
  /** Every Nth write is answered 503 Service Unavailable, as Teams does now and then. */
  readonly serverErrorEvery?: number;
}

export const TEAMS_CONVERSATION_LIMITS = [
  { count: 7, windowMs: 1_000 },
  { count: 8, windowMs: 2_000 },
  { count: 60, windowMs: 30_000 },
  { count: 1_800, windowMs: 3_600_000 },
] as const;

export class FakeConnector {
  readonly activities: RecordedActivity[] = [];
  readonly requests: { method: string; path: string; status: number; at: number }[] = [];
  /** Conversations the bot was removed from (a channel: its threads too): writes there get 403. */
  readonly blocked = new Set<string>();
  /** Team ids whose channel list is refused (403), to exercise the General-channel fallback. */
  readonly failingChannelLists = new Set<string>();
  private readonly teams = new Map<string, FakeTeam>();
  private readonly writes = new Map<string, number[]>();
  private readonly tenantWrites: number[] = [];
  private writeCount = 0;
  private server: http.Server | undefined;
  private nextId = 1;
  /** By conversation (a thread counts as its channel): every activity id issued there, and what is shown now. */
  private readonly issued = new Map<string, Set<string>>();
  private readonly shownNow = new Map<string, Map<string, ShownMessage>>();

  constructor(private readonly options: FakeConnectorOptions = {}) {
    for (const team of options.teams ?? []) this.teams.set(team.id, team);
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('The fake connector is not started.');
    return `http://127.0.0.1:${address.port}/`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  addTeam(team: FakeTeam): void {
    this.teams.set(team.id, team);
  }

  /** Cards (Adaptive Card attachments) the bot posted, optionally in one conversation. */
  cards(conversationId?: string): { conversationId: string; card: Record<string, unknown>; method: string }[] {
    return this.activities
      .filter((a) => conversationId === undefined || a.conversationId === conversationId)
      .flatMap((a) =>
        ((a.activity.attachments as { contentType?: string; content?: Record<string, unknown> }[] | undefined) ?? [])
          .filter((att) => att.contentType === 'application/vnd.microsoft.card.adaptive' && att.content)
          .map((att) => ({ conversationId: a.conversationId, card: att.content!, method: a.method })),
      );
  }

  /** What a conversation (a channel with its threads, or a chat) shows now, oldest first. */
  shown(conversationId: string): ShownMessage[] {
    return [...(this.shownNow.get(baseConversation(conversationId))?.values() ?? [])];
  }

  /** The Adaptive Cards a conversation shows now, oldest first. */
  cardsShown(conversationId: string): { id: string; card: Record<string, unknown> }[] {
    return this.shown(conversationId).flatMap((m) =>
      ((m.activity.attachments as { contentType?: string; content?: Record<string, unknown> }[] | undefined) ?? [])
        .filter((att) => att.contentType === 'application/vnd.microsoft.card.adaptive' && att.content)
        .map((att) => ({ id: m.id, card: att.content! })),
    );
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // Timed (and counted against the limits) as it arrives, as Teams would: not after its body
    // is read, when a busy moment here would time requests that came apart together.
    const arrived = Date.now();
    const body = await readBody(req);
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
    const answer = (status: number, json?: unknown, headers: Record<string, string> = {}): void => {
      this.requests.push({ method: req.method ?? '', path, status, at: arrived });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(json === undefined ? '' : JSON.stringify(json));
    };
    try {
      const { status, json, headers } = this.route(req.method ?? '', path, body, arrived);
      answer(status, json, headers);
    } catch (error) {
      answer(500, { error: { code: 'ServiceError', message: (error as Error).message } });
    }
  }

  private route(method: string, path: string, body: Record<string, unknown>, arrived: number): Reply {
    const reply = (status: number, json?: unknown, headers: Record<string, string> = {}): Reply => ({ status, json, headers });
    const channelList = path.match(/^\/v3\/teams\/([^/]+)\/conversations$/);
    const teamDetails = path.match(/^\/v3\/teams\/([^/]+)$/);
    const activities = path.match(/^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/);
    const member = path.match(/^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/);
    if (method === 'GET' && channelList) {
      const teamId = channelList[1]!;
      const team = this.teams.get(teamId);
      if (!team || this.failingChannelLists.has(teamId)) return reply(team ? 403 : 404, { error: { code: team ? 'Forbidden' : 'NotFound' } });
      return reply(200, { conversations: team.channels.map((c) => ({ id: c.id, name: c.name })) });
    }
    if (method === 'GET' && teamDetails) {
      const team = this.teams.get(teamDetails[1]!);
      return team ? reply(200, { id: team.id, name: team.name }) : reply(404, { error: { code: 'NotFound' } });
    }
    if (method === 'POST' && path === '/v3/conversations') {
      const channelId = ((body.channelData as { channel?: { id?: string } })?.channel?.id ?? '') as string;
      const limited = this.limit(channelId, arrived);
      if (limited) return reply(limited.status, limited.body, limited.headers);
      const activity = (body.activity ?? {}) as Record<string, unknown>;
      const activityId = this.record(channelId, 'create', activity);
      this.show(channelId, activityId, activity);
      return reply(201, { id: `${channelId};messageid=${activityId}`, activityId });
    }
    if (activities) {
      const conversationId = activities[1]!;
      const activityId = activities[2];
      const limited = this.limit(conversationId, arrived);
      if (limited) return reply(limited.status, limited.body, limited.headers);
      if (method === 'POST') {
        const id = this.record(conversationId, activityId ? 'reply' : 'send', body);
        this.show(conversationId, id, body);
        return reply(201, { id });
      }
      if ((method === 'PUT' || method === 'DELETE') && activityId) {
        const shown = this.shownNow.get(baseConversation(conversationId));
        if (!shown?.has(activityId)) {
          const known = this.issued.get(baseConversation(conversationId))?.has(activityId);
          return reply(404, {
            error: {
              code: 'NotFound',
              message: known ? `Activity ${activityId} was deleted.` : `There is no activity ${activityId} in conversation ${conversationId}.`,
            },
          });
        }
        if (method === 'PUT') {
          this.record(conversationId, 'update', body, activityId);
          shown.set(activityId, { ...shown.get(activityId)!, activity: body });
          return reply(200, { id: activityId });
        }
        this.record(conversationId, 'delete', {}, activityId);
        shown.delete(activityId);
        return reply(200);
      }
    }
    if (method === 'GET' && member) {
      return reply(200, { id: member[2], name: 'Member', aadObjectId: member[2] });
    }
    return reply(404, { error: { code: 'BadSyntax', message: `The fake connector does not know ${method} ${path}.` } });
  }

  private show(conversationId: string, id: string, activity: Record<string, unknown>): void {
    const key = baseConversation(conversationId);
    if (!this.issued.has(key)) this.issued.set(key, new Set());
    this.issued.get(key)!.add(id);
    if (!this.shownNow.has(key)) this.shownNow.set(key, new Map());
    this.shownNow.get(key)!.set(id, { id, conversationId, activity });
  }

  private record(conversationId: string, method: RecordedActivity['method'], activity: Record<string, unknown>, id?: string): string {
    const activityId = id ?? `${Date.now()}${String(this.nextId++).padStart(6, '0')}`;
    this.activities.push({ id: activityId, conversationId, method, activity, at: Date.now() });
    return activityId;
  }

  /** Teams' limits: a write past any of them is refused with 429 and a Retry-After in seconds. */
  private limit(conversationId: string, now: number): { status: number; body: unknown; headers?: Record<string, string> } | undefined {
    if (this.options.serverErrorEvery && ++this.writeCount % this.options.serverErrorEvery === 0) {
      return { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'Try again later.' } } };
    }
    if (this.blocked.has(conversationId) || this.blocked.has(baseConversation(conversationId))) {
      return { status: 403, body: { error: { code: 'MessageWritesBlocked', message: 'The bot is not part of the conversation roster.' } } };
    }
    const history = this.writes.get(conversationId) ?? [];
    const limits = this.options.perConversation ?? TEAMS_CONVERSATION_LIMITS;
    for (const { count, windowMs } of limits) {
      const inWindow = history.filter((t) => t > now - windowMs);
      if (inWindow.length >= count) {
        const retryAfter = Math.max(1, Math.ceil((inWindow[0]! + windowMs - now) / 1000));
        return { status: 429, body: { error: { code: 'TooManyRequests' } }, headers: { 'retry-after': String(retryAfter) } };
      }
    }
    const perTenant = this.options.perTenantPerSecond ?? 50;
    const tenantRecent = this.tenantWrites.filter((t) => t > now - 1_000);
    if (tenantRecent.length >= perTenant) {
      return { status: 429, body: { error: { code: 'TooManyRequests' } }, headers: { 'retry-after': '1' } };
    }
    history.push(now);
    this.writes.set(
      conversationId,
      history.filter((t) => t > now - 3_600_000),
    );
    this.tenantWrites.push(now);
    if (this.tenantWrites.length > perTenant * 4) this.tenantWrites.splice(0, this.tenantWrites.length - perTenant * 2);
    return undefined;
  }
}

/** A channel thread (`<channel>;messageid=<n>`) is part of its channel. */
function baseConversation(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
}

async function readBody(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}
