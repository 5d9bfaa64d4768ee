import type { AddressInfo } from 'node:net';
import { ActivityHandler, type AdaptiveCardInvokeResponse, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';

/**
 * The yardstick: a minimal botbuilder bot on restify that only answers. AHP Pulse's figures
 * are printed as a ratio to this one, measured on the same machine in the same run.
 */
export async function startBaselineBot(): Promise<{ url: string; stop: () => Promise<void> }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  /** Acknowledges a card action with a one-line card, and does nothing else. */
  class AcknowledgingBot extends ActivityHandler {
    protected override async onAdaptiveCardInvoke(): Promise<AdaptiveCardInvokeResponse> {
      return {
        statusCode: 200,
        type: 'application/vnd.microsoft.card.adaptive',
        value: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'ok' }] },
      };
    }
  }
  const bot = new AcknowledgingBot();
  bot.onMessage(async (context, next) => {
    await context.sendActivity('ok');
    await next();
  });
  const server = restify.createServer();
  server.use(restify.plugins.jsonBodyParser({ mapParams: false } as restify.plugins.BodyParserOptions));
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
