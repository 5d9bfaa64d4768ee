import fs from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import { PROJECT_ROOT } from './project-root';
import { writeZip } from './zip';

/**
 * `npm run deploy-zip`: the zip App Service runs, for `az webapp deploy --type zip`: the
 * project as built and pruned, less what `.webappignore` names, read as the Agents Toolkit's
 * zipDeploy reads it: gitignore's rules, by the same `ignore` package. It loads nothing but
 * production dependencies, so it runs after `npm prune --omit=dev`. Its last line is the zip's path.
 */
export function ignoredBy(patterns: readonly string[]): (file: string) => boolean {
  const rules = ignore().add([...patterns]);
  return (file) => rules.ignores(file);
}

export function readIgnoreFile(root: string = PROJECT_ROOT): string[] {
  return fs
    .readFileSync(path.join(root, '.webappignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

export function deployFiles(root: string = PROJECT_ROOT): string[] {
  const ignored = ignoredBy([...readIgnoreFile(root), '/.git/', '/build/']);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!ignored(`${relative}/`)) walk(relative);
      } else if (entry.isFile() && !ignored(relative)) files.push(relative);
    }
  };
  walk('');
  return files.sort();
}

function main(): void {
  const files = deployFiles();
  if (!files.includes('dist/src/main.js')) {
    console.error('dist/src/main.js is missing: run "npm run build" first (and "npm prune --omit=dev" to leave development dependencies out).');
    process.exitCode = 1;
    return;
  }
  const zip = writeZip(
    files.map((name) => ({ name, data: fs.readFileSync(path.join(PROJECT_ROOT, name)) })),
    { level: 6 },
  );
  const out = path.join(PROJECT_ROOT, 'build', 'ahp-pulse-app.zip');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, zip);
  console.log(`${files.length} files, ${(zip.length / 1_048_576).toFixed(1)} MB.`);
  console.log(out);
}

if (require.main === module) main();
