import { unzipSync, type Zippable, zipSync } from 'fflate';
import { PulseError } from '../domain/errors';

/** 1980-01-01 00:00 in local time, as a zip records it: a fixed time, so the same inputs make the same zip. */
const FIXED_TIME = new Date(1980, 0, 1, 0, 0, 0);

/**
 * A zip archive of files at its root or in folders (the Teams app package, the App Service
 * deployment), deflated by fflate. readZip reads one back, for the package's own checks and
 * its tests.
 */
export function writeZip(files: readonly { name: string; data: Buffer }[], options: { level?: 6 | 9 } = {}): Buffer {
  const entries: Zippable = {};
  for (const file of files) entries[file.name] = [file.data, { level: options.level ?? 9, mtime: FIXED_TIME }];
  return Buffer.from(zipSync(entries));
}

/** The files of a zip, by name; a file that is not a zip is refused with a PulseError that says so. */
export function readZip(zip: Buffer): Map<string, Buffer> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (error) {
    throw new PulseError('ahp_pulse_app_package_invalid', `This is not a zip archive that can be read (${(error as Error).message}).`, { cause: error });
  }
  return new Map(Object.entries(entries).map(([name, data]) => [name, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]));
}
