import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StoreError } from '../../application/store-error';

export const SECRET_FILE_NAME = 'respondent-key.secret';
/** The local key of export links: its own file, never the respondent key. */
export const EXPORT_SECRET_FILE_NAME = 'export-link.secret';

/**
 * For a laptop with no RESPONDENT_KEY_SECRET: a random secret kept in DATA_DIR (mode 0600),
 * made once and reused, so a person still has one answer per poll across restarts. A deployed
 * bot must set RESPONDENT_KEY_SECRET instead (configuration enforces it).
 */
export function localRespondentSecret(dataDir: string, fileName: string = SECRET_FILE_NAME): string {
  const file = path.join(dataDir, fileName);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
    throw new StoreError(
      'ahp_pulse_store_corrupt',
      `The secret file ${file} is shorter than 32 characters. Restore it from a backup; a new one would let people answer anonymous polls twice.`,
    );
  } catch (error) {
    if (error instanceof StoreError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new StoreError('ahp_pulse_store_unwritable', `The secret file ${file} cannot be read (${(error as Error).message}).`, { cause: error });
    }
  }
  const secret = randomBytes(32).toString('base64url');
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return localRespondentSecret(dataDir, fileName);
    throw new StoreError('ahp_pulse_store_unwritable', `The secret file ${file} cannot be written (${(error as Error).message}).`, { cause: error });
  }
  return secret;
}
