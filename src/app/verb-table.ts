import { CardActionRouter } from '../application/card-actions';
import { helpView } from '../application/help';
import type { CardRenderer } from '../cards/card-renderer';
import { VERBS } from '../cards/verbs';

/** Every card verb and its handler, in one table. A verb registered twice throws here, at start-up. */
export function buildVerbTable(cards: CardRenderer): CardActionRouter {
  const router = new CardActionRouter(async (input) => ({
    kind: 'card',
    card: cards.render('error', {
      title: 'That button is not one I know',
      message: `The card asked for "${input.verb || '(nothing)'}", which this version of AHP Pulse does not do. The card may be out of date; nothing was changed.`,
      reference: input.correlationId,
    }),
  }));
  router.on(VERBS.showHelp, async (input) => ({
    kind: 'card',
    card: cards.render('help', helpView(input.conversationType === 'personal' ? 'personal' : 'channel')),
  }));
  return router;
}
