/** Single-use tokens (export links): each id is accepted once, until it expires. */
export interface OneTimeTokenRepository {
  /** True the first time `id` is used, false ever after; kept until `expiresAt`, then purged. */
  use(id: string, expiresAt: string): Promise<boolean>;
  /** Retention: forgets tokens that expired before `now`. */
  purgeExpired(now: string): Promise<number>;
}
