import {
  type Activity,
  type ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type Request,
  type Response,
} from 'botbuilder';
import {
  type AuthenticateRequestResult,
  AuthenticationError,
  type ClaimsIdentity,
  type ConnectorClient,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { Logger } from '../../application/ports/logger';
import type { BotIdentity } from '../../config/config';
import { newCorrelation, referenceForSupport, withCorrelation } from '../../observability/correlation';
import { activityProblems } from './activity-shape';

export type MessagesHandler = (req: Request, res: Response) => Promise<void>;

/**
 * The public cloud's settings, with the signing keys taken from `openIdMetadataUrl` (tests).
 * botbuilder takes all of these from the configuration as soon as one of them is set, so
 * each is given its public-cloud value (botframework-connector's AuthenticationConstants).
 */
function publicCloudTrusting(openIdMetadataUrl: string): Partial<ConfigurationBotFrameworkAuthenticationOptions> {
  return {
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
    CallerId: 'urn:botframework:azure',
    ValidateAuthority: true,
  };
}

/**
 * botbuilder's channel authentication, with two changes.
 *
 * However a request fails it, the caller gets 401 and the word "Unauthorized", nothing more.
 * botbuilder itself answers a bad signature with 500 (jsonwebtoken's error is not its
 * AuthenticationError) and puts its reason ("Invalid AppId passed on token: …") in the body.
 * The reason goes to the log instead, with no token and no personal data.
 *
 * And the clients it makes for talking back to Teams are made once and reused. botbuilder
 * builds a new ConnectorClient and a new UserTokenClient (each a full HTTP pipeline) for
 * every turn, even one that only answers its own request, as a card tap does: that was a
 * tenth of the work of an answer. The clients hold no state of a turn (the token cache is the
 * credentials', and shared anyway), so one per bot identity, service URL and audience serves
 * every turn; botbuilder's older BotFrameworkAdapter kept them the same way.
 */
class TerseAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new BoundedCache<Promise<ConnectorClient>>(CLIENTS_KEPT);
  private readonly userTokenClients = new BoundedCache<Promise<UserTokenClient>>(CLIENTS_KEPT);

  constructor(
    options: ConfigurationBotFrameworkAuthenticationOptions,
    private readonly logger: Logger,
    private readonly retries: boolean,
  ) {
    super(options);
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    let result: AuthenticateRequestResult;
    try {
      result = await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.logger.warn('A request failed channel authentication', { reason, channelId: activity.channelId, activityType: activity.type });
      throw new AuthenticationError('Unauthorized', 401);
    }
    return result.connectorFactory ? { ...result, connectorFactory: this.reusing(result.claimsIdentity, result.connectorFactory) } : result;
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(claimsIdentity, super.createConnectorFactory(claimsIdentity));
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokenClients.get(identityKey(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }

  private reusing(claimsIdentity: ClaimsIdentity, factory: ConnectorFactory): ConnectorFactory {
    const identity = identityKey(claimsIdentity);
    return {
      create: (serviceUrl: string, audience?: string) =>
        this.connectors.get(JSON.stringify([identity, serviceUrl, audience ?? '']), async () => {
          const client = await factory.create(serviceUrl, audience);
          if (!this.retries) (client as unknown as RetryingClient).client?.pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
          return client;
        }),
    };
  }
}

/** The part of a ConnectorClient (botbuilder-stdlib's ServiceClientContext) that holds its HTTP pipeline. */
interface RetryingClient {
  readonly client?: { readonly pipeline?: { removePolicy(options: { name: string }): unknown } };
}

/** Service URLs are few (one per Teams region); the bound only stops a flood of made-up ones. */
const CLIENTS_KEPT = 64;

/** The claims botbuilder builds a client from: the bot (audience), and the caller's app and version. */
function identityKey(claimsIdentity: ClaimsIdentity): string {
  return JSON.stringify(['aud', 'appid', 'azp', 'ver'].map((type) => claimsIdentity.getClaimValue(type) ?? ''));
}

/** Values by key, at most `limit` of them (the oldest made is dropped first); a failed promise is not kept. */
class BoundedCache<T extends Promise<unknown>> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly limit: number) {}

  get(key: string, make: () => T): T {
    const hit = this.entries.get(key);
    if (hit) return hit;
    const made = make();
    made.catch(() => {
      if (this.entries.get(key) === made) this.entries.delete(key);
    });
    this.entries.set(key, made);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return made;
  }
}

/**
 * The Bot Framework adapter, with channel authentication on exactly when an app id is set.
 * With `retries: false` its requests to Teams are sent once, with no retry of botbuilder's
 * own: the outbox's adapter, whose every request must fall in a leased slot, and which
 * retries (when Teams says, and within its slots) itself.
 */
export function createCloudAdapter(bot: BotIdentity, logger: Logger, options: { retries: boolean } = { retries: true }): CloudAdapter {
  const authOptions: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: bot.appId,
    MicrosoftAppPassword: bot.appPassword,
    // With authentication off there is no identity at all: botbuilder would refuse a managed identity without an id.
    MicrosoftAppType: bot.appId ? bot.appType : 'MultiTenant',
    MicrosoftAppTenantId: bot.tenantId,
    ...(bot.openIdMetadataUrl ? publicCloudTrusting(bot.openIdMetadataUrl) : {}),
  };
  const adapter = new CloudAdapter(new TerseAuthentication(authOptions, logger, options.retries));
  adapter.onTurnError = async (context, error) => {
    const correlationId = referenceForSupport();
    logger.error('A turn failed', { correlationId, activityType: context.activity.type, activityId: context.activity.id, error });
    if (context.activity.type === 'message') {
      await context
        .sendActivity(`Sorry, something went wrong on my side and nothing was changed. Please try again. (Reference ${correlationId})`)
        .catch((sendError: unknown) => logger.warn('Could not tell the user about a failed turn', { correlationId, error: sendError }));
    }
  };
  return adapter;
}

/**
 * POST /api/messages. A body that is not an activity is answered 400 before botbuilder (which
 * would throw, and so answer 500) ever sees it. The caller is not authenticated yet, so with
 * authentication on it learns only that the body was refused; the detail goes to the log.
 * With it off (a laptop), the answer lists what is wrong, to help whoever is testing.
 */
export function createMessagesHandler(adapter: CloudAdapter, bot: ActivityHandler, options: { detailedErrors: boolean; logger: Logger }): MessagesHandler {
  return async (req, res) => {
    const problems = activityProblems(req.body);
    if (problems.length > 0) {
      res.status(400);
      if (!options.detailedErrors) options.logger.warn('A request that is not an activity was refused', { problems });
      res.send({
        error: 'invalid_activity',
        message: 'The request body is not a Bot Framework activity.',
        ...(options.detailedErrors ? { problems } : {}),
      });
      res.end();
      return;
    }
    // One correlation id for the turn: every log line of it carries the id.
    await withCorrelation(newCorrelation('turn'), () => adapter.process(req, res, (context) => bot.run(context)));
  };
}
