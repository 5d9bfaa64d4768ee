import type { PollSettings } from '../config/config';

/** Who may do what. Checked on the server for every action, never only by hiding buttons. */
export interface Roles {
  isLead(aadObjectId: string): boolean;
  isAdmin(aadObjectId: string): boolean;
}

export function rolesFromSettings(settings: Pick<PollSettings, 'leadIds' | 'adminIds'>): Roles {
  const leads = new Set(settings.leadIds.map((id) => id.toLowerCase()));
  const admins = new Set(settings.adminIds.map((id) => id.toLowerCase()));
  return {
    isAdmin: (id) => id !== '' && admins.has(id.toLowerCase()),
    isLead: (id) => id !== '' && (leads.has(id.toLowerCase()) || admins.has(id.toLowerCase())),
  };
}
