import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from '../../application/ports/logger';
import { tenantIdOf } from './activity-input';

/**
 * Only Microsoft Teams, and only the allowed tenants, get in: checked after authentication and
 * before any handler runs, so nothing from elsewhere is processed, stored or answered. A
 * refused invoke gets 403; anything else is dropped. The log says why, with no personal data
 * (no names, no user ids, no text). With authentication on, an activity whose service URL is
 * not https is refused too: the bot would send its token there.
 */
export function tenantFence(allowedTenantIds: readonly string[], logger: Logger, options: { httpsOnly: boolean } = { httpsOnly: false }): Middleware {
  const allowed = new Set(allowedTenantIds.map((id) => id.toLowerCase()));
  return {
    onTurn: async (context: TurnContext, next: () => Promise<void>) => {
      const activity = context.activity;
      const tenant = tenantIdOf(activity).toLowerCase();
      const reason =
        activity.channelId !== 'msteams'
          ? 'not from Microsoft Teams'
          : allowed.size > 0 && !allowed.has(tenant)
            ? 'from a tenant that is not in ALLOWED_TENANT_IDS'
            : options.httpsOnly && !/^https:\/\//i.test(activity.serviceUrl ?? '')
              ? 'its service URL is not https, and authentication is on'
              : undefined;
      if (!reason) {
        await next();
        return;
      }
      logger.warn('An activity was refused', { reason, channelId: activity.channelId, tenantId: tenant || '(none)', activityType: activity.type });
      if (activity.type === ActivityTypes.Invoke) {
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 403 } });
      }
    },
  };
}
