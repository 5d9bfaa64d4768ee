/** Who did something: a person in Teams, as the bot's use cases see them. */
export interface Actor {
  /** The Teams user id (29:…); stable per tenant and bot. */
  readonly userId: string;
  /** The Microsoft Entra object id; empty in the rare client that does not send it. */
  readonly aadObjectId: string;
  readonly name: string;
  readonly tenantId: string;
}
