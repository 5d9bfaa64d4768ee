import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import { PROJECT_ROOT } from '../../src/app-package/project-root';
import { START_FLAGS } from '../support/bot-process';
import { tempDir } from '../support/test-app';

/** Every file under `dir`, as a path relative to it with "/" separators. */
function filesUnder(dir: string, base = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, base), { withFileTypes: true })) {
    const relative = base ? `${base}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...filesUnder(dir, relative));
    else if (entry.isFile()) out.push(relative);
  }
  return out;
}

function copyFiles(from: string, to: string, files: readonly string[]): void {
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    fs.copyFileSync(path.join(from, file), path.join(to, file));
  }
}

/** Starts `npm start`'s command in `dir` and resolves with what /healthz answered; the process is stopped after. */
async function startsFrom(dir: string, data: string): Promise<{ status: number; output: string }> {
  const child = spawn(process.execPath, [...START_FLAGS, 'dist/src/main.js'], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', DATA_DIR: data },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/[^/\s"]+)/.exec(output);
        if (match) resolve(match[1]!);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`the bot exited (${code}) before listening:\n${output}`)));
    });
    return { status: (await fetch(`${url}/healthz`)).status, output };
  } finally {
    child.kill('SIGKILL');
  }
}

/** Loads every production dependency from `dir`, as the deployed bot would: require, or import for an ES module. */
function loadsEveryDependency(dir: string, dependencies: readonly string[]): string {
  const script = `
    const failed = [];
    (async () => {
      for (const name of ${JSON.stringify(dependencies)}) {
        try { require(name); } catch (error) {
          if (error && error.code === 'ERR_REQUIRE_ESM') { try { await import(name); continue; } catch (e) { failed.push(name + ': ' + e.message); continue; } }
          failed.push(name + ': ' + (error && error.code) + ' ' + (error && error.message).split('\\n')[0]);
        }
      }
      console.log(JSON.stringify(failed));
    })();`;
  return execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' }).trim();
}

/**
 * What App Service runs, built both ways from a production install of the lockfile: as the
 * Agents Toolkit's zipDeploy builds it (.webappignore read by the `ignore` package, file by
 * file, as fx-core's zipFolderAsync does), and as docs/deploy.md's manual path builds it
 * (`npm prune --omit=dev`, then `npm run deploy-zip`, unzipped). From each, every production
 * dependency loads and the bot starts.
 */
describe('The deployment package, built as the Agents Toolkit and as docs/deploy.md build it', function () {
  this.timeout(300_000);
  let stage: ReturnType<typeof tempDir>;
  let dependencies: string[];

  const outs: ReturnType<typeof tempDir>[] = [];

  before(() => {
    if (!fs.existsSync(path.join(PROJECT_ROOT, 'dist/src/main.js'))) throw new Error('Build first (npm test does).');
    stage = tempDir('ahp-pulse-deploy-');
    // The project as checked out (what git tracks) and as built, then the production dependencies
    // of the lockfile, from npm's cache (filled by the npm ci before the tests): no network, so no
    // registry certificate is checked against a moved clock.
    const tracked = execFileSync('git', ['ls-files'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    copyFiles(
      PROJECT_ROOT,
      stage.dir,
      tracked.filter((f) => fs.existsSync(path.join(PROJECT_ROOT, f))),
    );
    copyFiles(
      PROJECT_ROOT,
      stage.dir,
      filesUnder(path.join(PROJECT_ROOT, 'dist')).map((f) => `dist/${f}`),
    );
    const install = spawnSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--offline'], {
      cwd: stage.dir,
      encoding: 'utf8',
      env: { ...process.env, npm_config_loglevel: 'error' },
    });
    if (install.status !== 0) throw new Error(`npm ci --omit=dev failed:\n${install.stderr}`);
    dependencies = Object.keys(
      (JSON.parse(fs.readFileSync(path.join(stage.dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies,
    );
    assert.equal(loadsEveryDependency(stage.dir, dependencies), '[]', 'every production dependency loads from the whole install');
  });
  after(() => {
    stage?.remove();
    for (const out of outs) out.remove();
  });

  it("keeps every production dependency under the toolkit's gitignore rules, and the bot starts from what is left", async () => {
    const rules = ignore().add(fs.readFileSync(path.join(stage.dir, '.webappignore'), 'utf8'));
    const all = filesUnder(stage.dir);
    const kept = rules.filter(all);
    // What unanchored entries did: "src/" matches node_modules/*/src/ too.
    const nested = all.filter((f) => f.startsWith('node_modules/') && ignore().add(['src/', 'test/', 'env/']).ignores(f));
    assert.ok(nested.length > 100, `a production install has files under node_modules/*/src/ and the like (${nested.length})`);
    for (const file of nested.filter((f) => !/\.(map|tsbuildinfo|log)$/.test(f))) assert.ok(kept.includes(file), `${file} is kept`);
    for (const file of ['src/main.ts', 'test/unit/infra.test.ts', 'docs/deploy.md', 'infra/azure.bicep', 'manifest/manifest.json']) {
      assert.ok(!kept.includes(file), `${file} is left out`);
    }
    assert.deepEqual(
      kept.filter((f) => /\.(map|tsbuildinfo)$/.test(f) || f.startsWith('build/')),
      [],
      'no source maps, build info or build output',
    );
    const out = tempDir('ahp-pulse-deployed-toolkit-');
    outs.push(out);
    copyFiles(stage.dir, out.dir, kept);
    assert.equal(loadsEveryDependency(out.dir, dependencies), '[]', 'every production dependency loads, as from the whole install');
    const data = tempDir();
    outs.push(data);
    assert.equal((await startsFrom(out.dir, data.dir)).status, 200);
  });

  it('builds the same files with npm run deploy-zip after npm prune --omit=dev, and the bot starts from the unzipped zip', async () => {
    // Only production dependencies are installed here: deploy-zip must need nothing else.
    const zip = spawnSync(process.execPath, ['dist/src/app-package/deploy-zip.js'], { cwd: stage.dir, encoding: 'utf8' });
    assert.equal(zip.status, 0, zip.stderr);
    const file = zip.stdout.trim().split('\n').at(-1)!;
    assert.equal(file, path.join(stage.dir, 'build', 'ahp-pulse-app.zip'));
    const out = tempDir('ahp-pulse-deployed-zip-');
    outs.push(out);
    execFileSync('unzip', ['-q', file, '-d', out.dir]);
    const unzipped = filesUnder(out.dir).sort();
    const rules = ignore().add(fs.readFileSync(path.join(stage.dir, '.webappignore'), 'utf8'));
    const expected = rules.filter(filesUnder(stage.dir).filter((f) => !f.startsWith('build/'))).sort();
    assert.deepEqual(unzipped, expected, 'the same files as the toolkit keeps');
    assert.equal(loadsEveryDependency(out.dir, dependencies), '[]', 'every production dependency loads, as from the whole install');
    const data = tempDir();
    outs.push(data);
    assert.equal((await startsFrom(out.dir, data.dir)).status, 200);
  });
});
