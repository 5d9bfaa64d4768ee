import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/app-package/project-root';

/** Every file under a folder, relative to the project root. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true })) {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(`${relative}/`, ...filesUnder(relative));
    else out.push(relative);
  }
  return out;
}

/** Names in backticks that are not paths in this project: invoke names Teams sends. */
const NOT_PATHS = new Set(['adaptiveCard/action', 'composeExtension/fetchTask', 'composeExtension/submitAction', 'task/fetch', 'task/submit']);

describe('docs/architecture.md, the map of the code', () => {
  it('names only paths that exist: each `folder/file` or `file.ts` it mentions is in the project', () => {
    const map = fs.readFileSync(path.join(PROJECT_ROOT, 'docs/architecture.md'), 'utf8');
    const named = [...new Set([...map.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]!))].filter(
      (token) => !NOT_PATHS.has(token) && (/^[\w.-]+\.(ts|json|cjs|yml|md)$/.test(token) || /^[a-z][\w-]*\/[\w./-]*$/.test(token)),
    );
    assert.ok(named.length > 80, `${named.length} paths named`);
    const all = ['src', 'test', 'cards', 'content', 'infra', 'scripts', 'bench', 'docs', 'manifest'].flatMap((dir) => [`${dir}/`, ...filesUnder(dir)]);
    const exists = (token: string) => {
      if (fs.existsSync(path.join(PROJECT_ROOT, token)) || fs.existsSync(path.join(PROJECT_ROOT, 'src', token))) return true;
      // A bare file name, or a path given from some folder down: one file ends so.
      return all.some((file) => file === token || file.endsWith(`/${token}`));
    };
    const missing = named.filter((token) => !exists(token));
    assert.deepEqual(missing, [], 'paths docs/architecture.md names that the project does not have');
  });
});
