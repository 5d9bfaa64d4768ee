// Part of `npm run lint`: no source file in src/ over 300 lines, so each stays one concern a
// reader can hold at once (the house style). Prints every file over, and exits 1 if any is.
const fs = require('node:fs');
const path = require('node:path');

const LIMIT = 300;
const root = path.resolve(__dirname, '..', 'src');
const over = [];
const walk = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(file);
    else if (file.endsWith('.ts')) {
      const lines = fs.readFileSync(file, 'utf8').split('\n').length - 1;
      if (lines > LIMIT) over.push(`${path.relative(path.dirname(root), file)}: ${lines} lines`);
    }
  }
};
walk(root);
if (over.length > 0) {
  console.error(`Files over ${LIMIT} lines (split them along their concerns):\n  ${over.join('\n  ')}`);
  process.exit(1);
}
console.log(`No file in src/ is over ${LIMIT} lines.`);
