import {
  type ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type Request,
  type Response,
} from 'botbuilder';
import type { Logger } from '../../application/ports';
import type { BotIdentity } from '../../config/config';
import { activityProblems } from './activity-shape';
import { newCorrelationId } from './activity-input';

export type MessagesHandler = (req: Request, res: Response) => Promise<void>;

/** The Bot Framework adapter, with channel authentication on exactly when an app id is set. */
export function createCloudAdapter(bot: BotIdentity, logger: Logger): CloudAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: bot.appId,
    MicrosoftAppPassword: bot.appPassword,
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.tenantId,
  };
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(options));
  adapter.onTurnError = async (context, error) => {
    const correlationId = newCorrelationId();
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
    await adapter.process(req, res, (context) => bot.run(context));
  };
}
