import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'dotenv';
import { buildPackage, MANIFEST_DIR, PackageError } from './build-package';
import { PROJECT_ROOT } from './project-root';

/**
 * `npm run package [-- <environment>]`: the Teams app package for an environment, from
 * env/.env.<environment> (and .env.<environment>.user, where the Agents Toolkit keeps secrets),
 * or from BOT_ID and PUBLIC_URL in the environment. Its last line is the zip's path.
 */
function main(): number {
  const name = process.argv[2];
  let env: Record<string, string | undefined> = { ...process.env };
  if (name) {
    if (!/^[a-z0-9-]+$/i.test(name)) {
      console.error(`"${name}" is not an environment name (letters, digits and hyphens, as in env/.env.dev).`);
      return 1;
    }
    const file = path.join(PROJECT_ROOT, 'env', `.env.${name}`);
    if (!fs.existsSync(file)) {
      console.error(`There is no ${path.relative(PROJECT_ROOT, file)}. Copy env/.env.dev to make one, or set BOT_ID and PUBLIC_URL and run without a name.`);
      return 1;
    }
    env = { ...env, ...parse(fs.readFileSync(file)) };
  }
  try {
    const { zip, manifest } = buildPackage(env);
    const out = path.join(MANIFEST_DIR, 'build', `appPackage.${name ?? 'local'}.zip`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, zip);
    console.log(
      `Teams app "${(manifest.name as { short: string }).short}" ${manifest.version}, manifest ${manifest.manifestVersion}, app id ${manifest.id}: valid.`,
    );
    console.log(out);
    return 0;
  } catch (error) {
    if (error instanceof PackageError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main();
