import path from 'node:path';

/** The project's root, from src/ (ts) and dist/src/ (js) alike. Imports nothing, so deploy-zip runs with production dependencies only. */
export const PROJECT_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..');
