import type { PollSettings } from '../../config/config';
import type { LeadRepository } from '../ports/lead-repository';
import type { Roles } from '../ports/roles';

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
