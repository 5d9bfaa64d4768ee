import type { PollSettings } from '../config/config';
import type { LeadRepository } from './ports';

/**
 * Who may do what. Checked on the server for every action, never only by hiding buttons.
 * Admins come from ADMIN_IDS only; leads from LEAD_IDS and from leads an admin added in the bot.
 */
export interface Roles {
  isAdmin(aadObjectId: string): boolean;
  isLead(aadObjectId: string): Promise<boolean>;
}

export function rolesFromSettings(settings: Pick<PollSettings, 'leadIds' | 'adminIds'>, stored?: LeadRepository): Roles {
  const leads = new Set(settings.leadIds.map((id) => id.toLowerCase()));
  const admins = new Set(settings.adminIds.map((id) => id.toLowerCase()));
  return {
    isAdmin: (id) => id !== '' && admins.has(id.toLowerCase()),
    isLead: async (id) => {
      if (id === '') return false;
      const key = id.toLowerCase();
      if (leads.has(key) || admins.has(key)) return true;
      return (await stored?.get(key)) !== undefined;
    },
  };
}
