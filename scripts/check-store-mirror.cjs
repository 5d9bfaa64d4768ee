// Part of `npm run lint`: the two stores mirror each other. src/adapters/store/embedded/ and
// cosmos/ list the same files (what is particular to one engine lives in its internal/), and
// each repository of the Store port (application/ports/store.ts) has a file of its name in both.
// Prints every difference, and exits 1 if there is one.
const fs = require('node:fs');
const path = require('node:path');

const STORES = ['embedded', 'cosmos'];

/** `conversationState` -> `conversation-state.ts`. */
const fileOf = (key) => `${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.ts`;

/** The differences between the two stores' listings under `root` (the repository's root). */
function storeMirrorProblems(root) {
  const port = fs.readFileSync(path.join(root, 'src/application/ports/store.ts'), 'utf8');
  const repositories = [...port.matchAll(/^\s+readonly (\w+): \w+Repository;$/gm)].map((m) => m[1]);
  const problems = [];
  if (repositories.length === 0) problems.push('application/ports/store.ts names no repository: is this check reading the right file?');
  const listings = STORES.map((store) =>
    fs
      .readdirSync(path.join(root, 'src/adapters/store', store), { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .map((e) => e.name)
      .sort(),
  );
  const [a, b] = listings;
  for (const name of a.filter((n) => !b.includes(n))) problems.push(`${STORES[0]}/${name} has no ${STORES[1]}/${name}`);
  for (const name of b.filter((n) => !a.includes(n))) problems.push(`${STORES[1]}/${name} has no ${STORES[0]}/${name}`);
  for (const key of repositories) {
    STORES.forEach((store, i) => {
      if (!listings[i].includes(fileOf(key))) problems.push(`${store}/ has no ${fileOf(key)} for the Store's ${key}`);
    });
  }
  return problems;
}

module.exports = { storeMirrorProblems };

if (require.main === module) {
  const problems = storeMirrorProblems(path.resolve(__dirname, '..'));
  if (problems.length > 0) {
    console.error(
      `The two stores do not mirror each other (one repository a file, the same names; engine-only files in internal/):\n  ${problems.join('\n  ')}`,
    );
    process.exit(1);
  }
  console.log('The embedded and Cosmos DB stores list the same files, one a repository.');
}
