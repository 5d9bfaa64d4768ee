import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..');

/**
 * The pages the Teams app's manifest links to by default (PUBLIC_URL + /about, /privacy,
 * /terms), served by the bot itself so they are there wherever it is deployed: the README,
 * docs/privacy.md and docs/terms.md, read when asked (a trust may point the manifest at its
 * own pages instead: DEVELOPER_WEBSITE_URL, PRIVACY_URL, TERMS_URL).
 */
export function publicPages(root: string = ROOT): Record<string, () => string> {
  const page = (file: string) => () => fs.readFileSync(path.join(root, file), 'utf8');
  return { about: page('README.md'), privacy: page('docs/privacy.md'), terms: page('docs/terms.md') };
}
