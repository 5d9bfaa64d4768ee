/**
 * The import rules of src/ (docs/architecture.md draws them): checked by `npm run lint`.
 * The domain imports nothing of ours but itself; use cases import the domain and, for
 * rendering through ports, nothing of the adapters; only the Teams adapter imports botbuilder;
 * only the composition root (src/app) and main.ts wire adapters in; and no import cycle.
 */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'An import cycle: break it by moving the shared part down a layer.', from: {}, to: { circular: true } },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain imports only itself: no SDK, no Node API, no use case, no adapter.',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/' },
    },
    {
      name: 'application-speaks-ports',
      severity: 'error',
      comment: 'Use cases reach adapters and cards only through ports: no import of src/adapters, src/cards, src/app or an SDK.',
      from: { path: '^src/application/' },
      to: { path: ['^src/adapters/', '^src/cards/', '^src/app/', '^node_modules/(botbuilder|botframework-|@azure|restify|wink)'] },
    },
    {
      name: 'botbuilder-in-the-teams-adapter-only',
      severity: 'error',
      comment: 'Only src/adapters/teams imports botbuilder, so a move to the Microsoft 365 Agents SDK touches one folder.',
      from: { path: '^src/', pathNot: '^src/adapters/teams/' },
      to: { path: '^node_modules/(botbuilder|botframework-)' },
    },
    {
      name: 'adapters-do-not-wire',
      severity: 'error',
      comment: 'Adapters do not import the composition root or each other across kinds.',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: ['^src/app/', '^src/adapters/', '^src/main'], pathNot: ['^src/adapters/$1/', '^src/adapters/store/[^/]+\\.ts$'] },
    },
    {
      name: 'the-outbox-knows-no-polls',
      severity: 'error',
      comment: 'application/outbox is the outbox alone (claim, slot, send, settle): polls, launches and digests use it, never the other way.',
      from: { path: '^src/application/outbox/' },
      to: { path: ['^src/application/(polls|launches|digest)/', '^src/domain/(poll|digest|weekly|answer|results)'] },
    },
    {
      name: 'cards-render-only',
      severity: 'error',
      comment: 'src/cards draws the domain: it imports no adapter and no composition root.',
      from: { path: '^src/cards/' },
      to: { path: ['^src/adapters/', '^src/app/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
