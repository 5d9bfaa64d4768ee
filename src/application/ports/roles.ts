/**
 * Who may do what. Checked on the server for every action, never only by hiding buttons.
 * Admins come from ADMIN_IDS only; leads from LEAD_IDS and from leads an admin added in the bot.
 */
export interface Roles {
  isAdmin(aadObjectId: string): boolean;
  isLead(aadObjectId: string): Promise<boolean>;
}
