// The layering of src/ (docs/architecture.md), checked on every CI run:
//   core      pure rules: imports nothing outside core (zod is the one library it uses)
//   engines   store, receiver, http, documents, files, config, inspector: return data or emit
//             events, never import the terminal (ui, cli) or a feature
//   web       src/inspector/web: the inspector's page, bundled for the browser; it imports only
//             itself, its UI library (Preact, htm) and the API's JSON shapes (inspector/wire.ts,
//             types only), and nothing on the Node side imports it
//   features  one folder per command: never reach into another feature
//   ui, cli   terminal and flag plumbing: no engine or feature code at run time
const FEATURES = 'listen|send|validate|fetch-doc|captures|init|doctor|mock-api|schema|inspect';
const ENGINES = 'store|receiver|http|documents|files|config|inspector';
/** The browser code inside the inspector engine: its own rules below, not the Node layering. */
const WEB = '^src/inspector/web/';
const UI_LIBRARY = '^node_modules/(preact|htm)/';
/** The JSON shapes of the inspector's API: types the server builds and the page reads. */
const WIRE = '^src/inspector/wire\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core holds pure rules: it imports only core modules (type-only imports aside), zod and side-effect-free Node modules.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: {
        pathNot: ['^src/core/', '^node_modules/zod/', '^(node:)?(crypto|path|url|util|buffer|string_decoder)$'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'core-does-no-io',
      comment: 'src/core does no I/O: no file system, network, processes or terminal libraries.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(node:)?(fs|fs/promises|http|https|http2|net|tls|dgram|dns|child_process|os|readline|worker_threads)$|^node_modules/(undici|chalk|ora|@inquirer|commander)/' },
    },
    {
      name: 'engines-never-render',
      comment: 'Engines return data or emit events; features render them. An engine never imports ui/ or cli/.',
      severity: 'error',
      from: { path: `^src/(${ENGINES})/`, pathNot: WEB },
      to: { path: '^src/(ui|cli)/|^src/cli\\.ts$|^node_modules/(chalk|ora|@inquirer|commander)/' },
    },
    {
      name: 'engines-never-import-features',
      comment: 'What two features share lives in an engine or in core; an engine never reaches into a feature.',
      severity: 'error',
      from: { path: `^src/(${ENGINES})/`, pathNot: WEB },
      to: { path: `^src/(${FEATURES})/` },
    },
    {
      name: 'features-stay-apart',
      comment: 'A feature never imports another feature; move what both need into an engine or core.',
      severity: 'error',
      from: { path: `^src/(${FEATURES})/` },
      to: { path: `^src/(${FEATURES})/`, pathNot: '^src/$1/' },
    },
    {
      name: 'ui-is-terminal-only',
      comment: 'ui/ formats for the terminal from core data; engine types may be named (type-only), engine code may not run from here.',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: `^src/(${ENGINES}|${FEATURES}|cli)/|^src/cli\\.ts$`, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'cli-plumbing-only',
      comment: 'cli/ is flag plumbing (specs, values, program): it knows no engine or feature.',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: `^src/(${ENGINES}|${FEATURES})/`, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'entry-loads-commands-lazily',
      comment: 'src/cli.ts imports only the commands\' specs (command.ts); their runs load lazily, so --help stays fast.',
      severity: 'error',
      from: { path: '^src/cli\\.ts$' },
      to: { path: `^src/(${FEATURES}|${ENGINES})/`, pathNot: `^src/(${FEATURES})/command\\.ts$`, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'command-specs-stay-light',
      comment: 'A command.ts is data (flags, examples) plus a lazy import of its run: nothing heavy at startup.',
      severity: 'error',
      from: { path: `^src/(${FEATURES})/command\\.ts$` },
      to: { pathNot: ['^src/cli/', '^src/core/', '^src/$1/defaults\\.ts$'], dependencyTypesNot: ['dynamic-import', 'type-only'] },
    },
    {
      name: 'web-stays-in-the-browser',
      comment: "The inspector page (src/inspector/web) runs in the browser: it imports only its own modules, its UI library and the API's types.",
      severity: 'error',
      from: { path: WEB },
      to: { pathNot: [WEB, UI_LIBRARY, WIRE] },
    },
    {
      name: 'page-reads-only-wire-types',
      comment: "The page takes only types from inspector/wire.ts (erased when bundled): nothing of the Node side runs in the browser.",
      severity: 'error',
      from: { path: WEB },
      to: { path: WIRE, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'wire-imports-nothing',
      comment: 'inspector/wire.ts is compiled for Node and for the browser: it holds types and imports nothing.',
      severity: 'error',
      from: { path: WIRE },
      to: {},
    },
    {
      name: 'nothing-imports-the-page',
      comment: 'The page is bundled on its own and served as files; Node code never imports it, nor its UI library.',
      severity: 'error',
      from: { path: '^src/', pathNot: WEB },
      to: { path: [WEB, UI_LIBRARY] },
    },
    {
      name: 'no-cycles',
      comment: 'Modules that import each other are one module in two files.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
    builtInModules: { add: [] },
  },
};
