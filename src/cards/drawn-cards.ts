import { withJson } from './card-json';
import { type AdaptiveCardJson, deepFreeze } from './card-renderer';

/** Stands in the status line while a card is drawn and serialised; no status line contains a NUL. */
const STATUS_MARK = '\u0000status\u0000';

type Element = Readonly<Record<string, unknown>>;
type Drawn = {
  readonly card: AdaptiveCardJson & { readonly body: readonly Element[] };
  readonly statusAt: number;
  /** The card's JSON text before and after its status line's text, as UTF-8, when the mark was found once. */
  readonly json: readonly [Buffer, Buffer] | undefined;
};

/**
 * Poll cards drawn once and reused. A person's view changes with every answer only in its
 * status line ("1,204 answers · Closes on …"); everything else (the poll, the form with their
 * answer marked, the results last counted, the notice) is the same for everyone who gave the
 * same answer meanwhile. So each is drawn once, with a mark for its status line, frozen and
 * serialised; a card for one answer is then that card with its own status line, and its JSON
 * text (card-json.ts) is the two halves around it. A key names the very objects a card shows
 * (the poll, the catalog, the results: see `idOf`), so a poll read again, or recounted results,
 * draw afresh.
 */
export class DrawnCards {
  private readonly entries = new Map<string, Drawn>();
  private readonly ids = new WeakMap<object, number>();
  private lastId = 0;

  constructor(private readonly limit = 256) {}

  /** A number for an object, the same for as long as it lives, and never given to another. */
  idOf(value: object | undefined): number {
    if (value === undefined) return 0;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = ++this.lastId;
      this.ids.set(value, id);
    }
    return id;
  }

  /**
   * The card for `key` with `status` as its status line (the body element with id "status").
   * `draw` is called once per key, given the text to put in that line. The card is frozen.
   */
  card(key: string, draw: (statusText: string) => AdaptiveCardJson, status: string): AdaptiveCardJson {
    let drawn = this.entries.get(key);
    if (drawn) {
      // Most recently used last, so the oldest is the one let go.
      this.entries.delete(key);
    } else {
      drawn = prepare(draw(STATUS_MARK));
    }
    this.entries.set(key, drawn);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    if (drawn.statusAt < 0) return drawn.card;
    const body = [...drawn.card.body];
    body[drawn.statusAt] = Object.freeze({ ...body[drawn.statusAt], text: status });
    const card = Object.freeze({ ...drawn.card, body: Object.freeze(body) });
    return drawn.json ? withJson(card, [drawn.json[0], JSON.stringify(status), drawn.json[1]]) : card;
  }
}

function prepare(card: AdaptiveCardJson): Drawn {
  const frozen = deepFreeze(card) as Drawn['card'];
  const statusAt = frozen.body.findIndex((element) => element.id === 'status' && element.text === STATUS_MARK);
  const json = JSON.stringify(frozen);
  const mark = JSON.stringify(STATUS_MARK);
  const at = json.indexOf(mark);
  const once = statusAt >= 0 && at >= 0 && json.indexOf(mark, at + mark.length) < 0;
  return { card: frozen, statusAt, json: once ? [Buffer.from(json.slice(0, at)), Buffer.from(json.slice(at + mark.length))] : undefined };
}
