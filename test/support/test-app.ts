import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RunningApp, type StartOptions, startApp } from '../../src/app/start-app';
import type { Logger } from '../../src/application/ports/logger';
import { parseConfig } from '../../src/config/config';

/** A temporary DATA_DIR, removed by the returned function. */
export function tempDir(prefix = 'ahp-pulse-test-'): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Collects log lines, so a test can assert on what the bot logged without printing it. */
export function memoryLogger(): Logger & { lines: { level: string; message: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, ...(fields ? { fields } : {}) });
    // TEST_LOGS=1 npm test prints what the bot logged, for debugging a failing test.
    if (process.env.TEST_LOGS) console.error(level, message, fields ?? '');
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** The real app, on a loopback port the OS picks, with the embedded store in `dataDir`. */
export async function startTestApp(dataDir: string, env: Record<string, string> = {}, options: Omit<StartOptions, 'telemetry'> = {}): Promise<RunningApp> {
  const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', SHUTDOWN_GRACE_MS: '5000', ...env });
  return startApp(config, { ...options, logger: options.logger ?? memoryLogger() });
}

export async function postActivity(baseUrl: string, activity: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof activity === 'string' ? activity : JSON.stringify(activity),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: response.status, body };
}
