/** Draws a published week's digest card (the week by its Monday). */
export interface DigestRenderer {
  card(weekId: string): Promise<object>;
}
