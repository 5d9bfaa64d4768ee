import { createHash } from 'node:crypto';

/**
 * Cosmos DB ids may not contain / \ ? # and are at most 255 characters. Domain ids (Teams
 * conversation ids, respondent keys) can hold anything, so they are percent-escaped, and a
 * long one is replaced by its hash. The domain id itself is always kept inside the document.
 */
const FORBIDDEN = /[%/\\?#]/g;
const MAX_ID = 200;

export function cosmosId(domainId: string): string {
  const escaped = domainId.replace(FORBIDDEN, (ch) => `%${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return escaped.length <= MAX_ID ? escaped : `sha256-${createHash('sha256').update(domainId).digest('hex')}`;
}
