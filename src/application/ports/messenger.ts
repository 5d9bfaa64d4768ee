import type { ChannelTarget, Posting } from '../../domain/delivery';

/** Posts and updates cards in channels, outside any turn (the Teams adapter implements it). */
export interface Messenger {
  /** A new thread in the channel holding the card; or, for a personal target, a message in that chat. */
  postCard(target: ChannelTarget, card: object): Promise<Posting>;
  /** Replaces the card of an earlier post. */
  updateCard(posting: Posting, card: object): Promise<void>;
  /** A short text reply in the post's thread. */
  replyInThread(posting: Posting, text: string): Promise<void>;
  /** Deletes an earlier post (a recalled poll). */
  deleteCard(posting: Posting): Promise<void>;
}
