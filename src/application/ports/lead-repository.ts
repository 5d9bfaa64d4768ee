/** A lead added by an admin from inside the bot (leads in LEAD_IDS need no record). */
export interface LeadGrant {
  readonly aadObjectId: string;
  readonly name: string;
  readonly addedBy: string;
  readonly addedAt: string;
}

export interface LeadRepository {
  list(): Promise<LeadGrant[]>;
  get(aadObjectId: string): Promise<LeadGrant | undefined>;
  save(grant: LeadGrant): Promise<void>;
  /** Returns false when there was no such lead. */
  remove(aadObjectId: string): Promise<boolean>;
}
