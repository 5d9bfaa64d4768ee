import { escapeMarkdown } from '../domain/markdown';

export { escapeMarkdown };

/*
 * Escaping belongs where markdown is read, not in the data: the same value can land in a
 * TextBlock (read as markdown) and in an input's id, a choice's value or an action's data
 * (sent back by the client exactly as written, so a backslash there breaks the round trip:
 * "rate\_access" is not an input the bot knows). So every string of a template's data is
 * marked before expansion, and after it each marked piece is escaped if it stands in a
 * markdown property and left as it is anywhere else. The markers are private-use characters,
 * removed from the data first so nobody can forge one.
 */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKERS = /[\uE000\uE001]/g;
const MARKED = /\uE000([^\uE000\uE001]*)\uE001/g;

/** Marks every non-empty string in a template's data (empty ones stay empty, for `$when` tests). */
export function markData<T>(value: T): T {
  if (typeof value === 'string') {
    const clean = value.replace(MARKERS, '');
    return (clean === '' ? '' : `${OPEN}${clean}${CLOSE}`) as T;
  }
  if (Array.isArray(value)) return value.map((item) => markData(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, markData(v)])) as T;
  }
  return value;
}

/** Element types whose `text` Teams reads as markdown, and the FactSet's facts (title and value). */
const MARKDOWN_TEXT = new Set(['TextBlock', 'TextRun']);

/** Resolves the marks of an expanded card: escaped in markdown properties, plain everywhere else. */
export function finishCard<T>(card: T): T {
  return finish(card, false) as T;
}

function finish(value: unknown, markdown: boolean): unknown {
  if (typeof value === 'string') {
    return markdown ? value.replace(MARKED, (_m, piece: string) => escapeMarkdown(piece)) : value.replace(MARKERS, '');
  }
  if (Array.isArray(value)) return value.map((item) => finish(item, false));
  if (value === null || typeof value !== 'object') return value;
  const node = value as Record<string, unknown>;
  const type = typeof node.type === 'string' ? node.type.replace(MARKERS, '') : undefined;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(node)) {
    if (key === 'facts' && Array.isArray(child)) {
      out[key] = child.map((fact) => finishFact(fact));
    } else {
      out[key] = finish(child, key === 'text' && type !== undefined && MARKDOWN_TEXT.has(type));
    }
  }
  return out;
}

function finishFact(fact: unknown): unknown {
  if (fact === null || typeof fact !== 'object' || Array.isArray(fact)) return finish(fact, false);
  return Object.fromEntries(Object.entries(fact).map(([k, v]) => [k, finish(v, k === 'title' || k === 'value')]));
}
