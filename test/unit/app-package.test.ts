import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { MESSAGE_EXTENSION_COMMANDS } from '../../src/adapters/teams/poll-form-invokes';
import { buildCommandTable } from '../../src/app/command-table';
import { buildPackage, checkPackage, fillTemplate, MANIFEST_DIR, PackageError } from '../../src/app-package/build-package';
import { colorIcon, outlineIcon } from '../../src/app-package/icons';
import { PLACEHOLDER, schemaProblems, storeProblems } from '../../src/app-package/manifest-checks';
import { decodePng, encodePng } from '../../src/app-package/png';
import { PROJECT_ROOT } from '../../src/app-package/project-root';
import { readZip, writeZip } from '../../src/app-package/zip';
import type { DigestDeps } from '../../src/application/digest/digest-deps';
import { parseCommand } from '../../src/application/routing/commands';
import { loadCardRenderer } from '../../src/cards/card-renderer';
import { PulseError } from '../../src/domain/errors';
import { makeBotDeps } from '../support/bot-deps';
import { startTestApp, tempDir } from '../support/test-app';

const ENV = { BOT_ID: '6f1b2c3d-0000-4000-8000-00000000b07a', PUBLIC_URL: 'https://ahp-pulse.example.nhs.uk/' };
const template = () => fs.readFileSync(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8');

describe('The Teams app package', () => {
  it('fills the template for an environment and zips manifest.json and the two icons at its root, valid against the official schema', () => {
    const { zip, manifest } = buildPackage(ENV);
    assert.deepEqual(checkPackage(zip), []);
    const files = readZip(zip);
    assert.deepEqual([...files.keys()].sort(), ['color.png', 'manifest.json', 'outline.png']);
    // biome-ignore lint/suspicious/noExplicitAny: a manifest read back, checked field by field below
    const inZip = JSON.parse(files.get('manifest.json')!.toString('utf8')) as any;
    assert.equal(JSON.stringify(inZip), JSON.stringify(manifest));
    assert.doesNotMatch(JSON.stringify(inZip), PLACEHOLDER, 'no placeholder is left');
    assert.equal(inZip.manifestVersion, '1.22');
    assert.equal(inZip.id, ENV.BOT_ID, 'the Teams app id defaults to the bot id');
    assert.equal(inZip.bots[0].botId, ENV.BOT_ID);
    assert.deepEqual(inZip.bots[0].scopes, ['personal', 'team']);
    assert.deepEqual(inZip.validDomains, ['ahp-pulse.example.nhs.uk'], 'from PUBLIC_URL');
    assert.equal(inZip.developer.privacyUrl, 'https://ahp-pulse.example.nhs.uk/privacy');
    assert.equal(inZip.version, JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).version);
    assert.ok(inZip.name.short.length <= 30 && inZip.description.short.length <= 80 && inZip.description.full.length <= 4000);
  });

  it('refuses an environment without BOT_ID, or with a PUBLIC_URL that is not https, listing every problem', () => {
    assert.throws(
      () => buildPackage({ PUBLIC_URL: 'http://ahp-pulse.example.nhs.uk' }),
      (error: unknown) => {
        assert.ok(error instanceof PackageError);
        assert.match(error.message, /BOT_ID is not set/);
        assert.match(error.message, /must be https/);
        assert.match(error.message, /placeholders not filled: TEAMS_APP_ID, BOT_ID/);
        return true;
      },
    );
  });

  it('catches what the schema and the store rules catch: the checks are not vacuous', () => {
    const good = fillTemplate(template(), {
      BOT_ID: ENV.BOT_ID,
      TEAMS_APP_ID: ENV.BOT_ID,
      APP_VERSION: '1.0.0',
      BOT_DOMAIN: 'a.example',
      DEVELOPER_WEBSITE_URL: 'https://a.example/about',
      PRIVACY_URL: 'https://a.example/privacy',
      TERMS_URL: 'https://a.example/terms',
    });
    assert.deepEqual(schemaProblems(good), []);
    assert.match(schemaProblems({ ...good, unknownField: 1 }).join(), /additionalProperties|must NOT have additional properties/);
    assert.match(schemaProblems({ ...good, name: { short: 'x'.repeat(31) } }).join(), /name\/short/);
    assert.match(schemaProblems({ ...good, manifestVersion: '9.99' }).join(), /no official schema/);
    const icons = { color: encodePng(colorIcon()), outline: encodePng(outlineIcon()) };
    assert.deepEqual(storeProblems(good, icons), []);
    assert.match(storeProblems({ ...good, validDomains: ['https://a.example/path'] }, icons).join(), /host name alone/);
    assert.match(storeProblems({ ...good, version: '1.0' }, icons).join(), /MAJOR\.MINOR\.PATCH/);
    const blue = colorIcon();
    assert.match(storeProblems(good, { ...icons, outline: encodePng(blue) }).join(), /32×32|not white/);
    assert.match(storeProblems(good, { ...icons, color: encodePng(outlineIcon()) }).join(), /192×192/);
    const list = (good.bots as { commandLists: { commands: object[] }[] }[])[0]!.commandLists[0]!;
    const tooMany = structuredClone(good) as typeof good;
    (tooMany.bots as { commandLists: { commands: object[] }[] }[])[0]!.commandLists[0]!.commands = [...list.commands, ...list.commands];
    assert.match([...schemaProblems(tooMany), ...storeProblems(tooMany, icons)].join(), /more than 10|maxItems|must NOT have more than 10 items/);
  });

  it('ships the icons the code draws: colour 192×192, outline 32×32 white on transparent', () => {
    assert.deepEqual(fs.readFileSync(path.join(MANIFEST_DIR, 'color.png')), encodePng(colorIcon()), 'manifest/color.png is what icons.ts draws');
    assert.deepEqual(fs.readFileSync(path.join(MANIFEST_DIR, 'outline.png')), encodePng(outlineIcon()));
    const outline = decodePng(fs.readFileSync(path.join(MANIFEST_DIR, 'outline.png')));
    assert.equal(outline.width, 32);
    const colours = new Set<string>();
    for (let i = 0; i < outline.pixels.length; i += 4) if (outline.pixels[i + 3]! > 0) colours.add(outline.pixels.slice(i, i + 3).join(','));
    assert.deepEqual([...colours], ['255,255,255']);
  });

  it('declares the message extension’s commands that the bot handles, and only those: an action opening a dialog, from the compose and command boxes', () => {
    const manifest = JSON.parse(template()) as {
      bots: { botId: string }[];
      composeExtensions: { botId: string; commands: { id: string; type: string; fetchTask?: boolean; context?: string[]; title: string }[] }[];
    };
    assert.equal(manifest.composeExtensions.length, 1);
    const [extension] = manifest.composeExtensions;
    assert.equal(extension!.botId, manifest.bots[0]!.botId, 'the bot answers the extension');
    assert.deepEqual(extension!.commands.map((c) => c.id).sort(), Object.values(MESSAGE_EXTENSION_COMMANDS).sort());
    for (const command of extension!.commands) {
      assert.equal(command.type, 'action');
      assert.equal(command.fetchTask, true, 'the dialog is fetched from the bot');
      assert.deepEqual(command.context, ['compose', 'commandBox']);
    }
  });

  it('lists in Teams’ command menus only commands the bot has, at most 10 a scope', () => {
    const data = tempDir();
    try {
      const polls = makeBotDeps(data.dir);
      const cards = loadCardRenderer();
      const table = buildCommandTable(
        cards,
        polls,
        { store: polls.store, clock: polls.clock, catalog: polls.content.catalog, presenter: polls.presenter },
        {} as DigestDeps,
      );
      const lists = (JSON.parse(template()) as { bots: { commandLists: { scopes: string[]; commands: { title: string }[] }[] }[] }).bots[0]!.commandLists;
      assert.deepEqual(
        lists.map((l) => l.scopes),
        [['personal'], ['team']],
      );
      for (const list of lists) {
        assert.ok(list.commands.length <= 10);
        for (const { title } of list.commands) assert.ok(table.has(parseCommand(title).name), `"${title}" is a command of the command table`);
      }
      const personal = lists[0]!.commands.map((c) => c.title);
      for (const title of ['help', 'my data', 'delete my data']) assert.ok(personal.includes(title), title);
    } finally {
      data.remove();
    }
  });

  it('serves the pages the manifest links to by default: /about, /privacy and /terms', async () => {
    const data = tempDir();
    const app = await startTestApp(data.dir);
    try {
      for (const [page, words] of [
        ['about', /AHP Pulse/],
        ['privacy', /Subject access requests/],
        ['terms', /terms of use/],
      ] as const) {
        const response = await fetch(`${app.server.url}/${page}`);
        assert.equal(response.status, 200, page);
        assert.match(response.headers.get('content-type') ?? '', /^text\/plain; charset=utf-8/);
        assert.match(await response.text(), words);
      }
    } finally {
      await app.stop();
      data.remove();
    }
  });

  it('writes zips any reader can read, the same bytes for the same files', () => {
    const files = [
      { name: 'a.txt', data: Buffer.from('hello') },
      { name: 'b.bin', data: Buffer.alloc(10_000, 7) },
    ];
    const zip = writeZip(files);
    assert.deepEqual(writeZip(files), zip);
    const read = readZip(zip);
    assert.equal(read.get('a.txt')!.toString(), 'hello');
    assert.deepEqual(read.get('b.bin'), files[1]!.data);
  });

  it('refuses a file that is not a zip, or an icon that is not a PNG, saying so', () => {
    assert.throws(
      () => readZip(Buffer.from('not a zip')),
      (error: unknown) => error instanceof PulseError && error.code === 'ahp_pulse_app_package_invalid' && /not a zip archive/.test(error.message),
    );
    assert.throws(
      () => decodePng(Buffer.from('GIF89a')),
      (error: unknown) => error instanceof PulseError && /not a PNG file/.test(error.message),
    );
    const truncated = encodePng(outlineIcon()).subarray(0, 60);
    assert.throws(
      () => decodePng(truncated),
      (error: unknown) => error instanceof PulseError && /not a PNG image that can be read/.test(error.message),
    );
  });

  it('`npm run package` prints the zip’s path last, and fails with the problems listed', () => {
    const main = path.join(PROJECT_ROOT, 'dist', 'src', 'app-package', 'main.js');
    const ok = spawnSync(process.execPath, [main], { env: { PATH: process.env.PATH ?? '', ...ENV }, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    const last = ok.stdout.trim().split('\n').at(-1)!;
    assert.ok(last.endsWith('appPackage.local.zip') && fs.existsSync(last), last);
    assert.deepEqual(checkPackage(fs.readFileSync(last)), []);
    const bad = spawnSync(process.execPath, [main], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /BOT_ID is not set/);
    const missing = spawnSync(process.execPath, [main, 'nowhere'], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /There is no env\/\.env\.nowhere/);
  });
});
