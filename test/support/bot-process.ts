import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export const MAIN = path.resolve(__dirname, '../../src/main.js');

/** Node's flags in `npm start` (package.json), which App Service's start command repeats. */
export const START_FLAGS: readonly string[] = ['--max-semi-space-size=16'];

export interface Started {
  child: ChildProcess;
  url: Promise<string>;
  exited: Promise<number | null>;
  output: () => string;
}

/** `node --max-semi-space-size=16 dist/src/main.js`, as `npm start` runs it, with its own environment. */
export function startProcess(env: Record<string, string>): Started {
  const child = spawn(process.execPath, [...START_FLAGS, MAIN], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/[^/\s"]+)/);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', () => reject(new Error(`exited before listening:\n${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, url, exited, output: () => output };
}
