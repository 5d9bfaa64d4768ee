/**
 * The tenants the bot serves (ALLOWED_TENANT_IDS). The fence at the door refuses activities
 * from others; this is the same list applied to what the bot sends: launches, digests and
 * reports reach only installations and chats inside it, whatever the store holds (an
 * installation recorded before the list was narrowed, or a restored backup).
 */
export interface AllowedTenants {
  allows(tenantId: string): boolean;
}

/** An empty list allows every tenant: only possible with authentication off (see config). */
export function allowedTenants(ids: readonly string[]): AllowedTenants {
  const allowed = new Set(ids.map((id) => id.toLowerCase()));
  return { allows: (tenantId) => allowed.size === 0 || allowed.has(tenantId.toLowerCase()) };
}
