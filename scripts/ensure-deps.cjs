#!/usr/bin/env node
// Runs before `npm start` and `npm test` (on whatever Node the machine has), so that a fresh
// clone needs one command: it installs the locked dependencies when they are missing or
// older than package-lock.json. After that, npm runs the project on node_modules/.bin/node
// (Node 24, from the `node` devDependency) whatever Node the machine has.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');

const stale =
  !fs.existsSync(installed) ||
  !fs.existsSync(path.join(root, 'node_modules', '.bin', 'node')) ||
  (fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs + 1000);

if (stale) {
  console.log('Installing dependencies (npm ci), once…');
  const npm = process.env.npm_execpath;
  const result = npm
    ? spawnSync(process.execPath, [npm, 'ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error('npm ci failed: see the messages above. Nothing was started.');
    process.exit(result.status ?? 1);
  }
}
