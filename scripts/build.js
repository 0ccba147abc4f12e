// Bundles src/cli.ts and the lazily imported commands into dist/ with Rolldown, as
// CommonJS; each command is its own chunk, so `--help` and `--version` load only the CLI
// wiring. Why so (issue 17, measured with bench/oneshot.mjs): every file Node loads costs
// a resolve, a read and a compile, and an ES module more, as Node loads it asynchronously
// through its ES module loader. esbuild gave every small module shared by the entry and a
// command an ES module of its own (17 for `validate`, 31 for `send`). Rolldown keeps what
// the entry loads anyway in cli.js and lets the commands' chunks take it from there
// (`allow-extension`); small shared modules go into one chunk, outgoing HTTP into another:
// `validate` loads 5 CommonJS files, `send` 8 (per file that matters more on file systems
// slower than this machine's).
// Pure-JS dependencies on the paths of one-shot commands (commander, chalk, zod, undici,
// fast-xml-parser) are bundled in: one file loads faster than dozens of modules. undici
// goes through scripts/undici-entry.js, which exports only what src/ uses. The prompt
// library and the spinner stay in node_modules: only `init` and a terminal load them.

import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { rolldown } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const bundled = new Set(['commander', 'chalk', 'zod', 'undici', 'fast-xml-parser']);
const externalPackages = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)].filter((name) => !bundled.has(name));
const builtins = new Set(builtinModules);
const isExternal = (id) => id.startsWith('node:') || builtins.has(id) || externalPackages.some((name) => id === name || id.startsWith(`${name}/`));
const undiciEntry = join(root, 'scripts', 'undici-entry.js');

// Every name src/ imports from 'undici' must be one the slim entry exports: a missing one
// would only show as `undefined` at run time.
const undiciNames = new Set();
for (const file of readdirSync(join(root, 'src'), { recursive: true })) {
  if (!String(file).endsWith('.ts')) continue;
  const text = readFileSync(join(root, 'src', String(file)), 'utf8');
  for (const m of text.matchAll(/import\s*\{([^{}]*)\}\s*from\s*'undici'|\{([^{}]*)\}\s*=\s*await import\('undici'\)/g)) {
    for (const part of (m[1] ?? m[2]).split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+|:/)[0]
        .trim();
      if (name && !name.startsWith('type ')) undiciNames.add(name);
    }
  }
}
const slimUndici = await import(new URL('./undici-entry.js', import.meta.url).href);
const missing = [...undiciNames].filter((name) => !(name in slimUndici));
if (missing.length) {
  console.error(`scripts/undici-entry.js does not export ${missing.join(', ')}, which src/ imports from 'undici': add it there`);
  process.exit(1);
}

/** `import … from 'undici'` bundles the slim entry. */
const slimUndiciPlugin = {
  name: 'slim-undici',
  resolveId: (id) => (id === 'undici' ? undiciEntry : undefined),
};

// commander requires node:child_process (and with it net and dgram) at load time, for
// subcommands that are executables of their own, which this CLI has none of: it gets the
// module on first use instead.
const LAZY_CHILD_PROCESS = '\0lazy-child-process';
const isCommandersChildProcess = (id, importer) =>
  (id === 'node:child_process' || id === 'child_process') && Boolean(importer?.includes(join('node_modules', 'commander')));
const lazyChildProcessPlugin = {
  name: 'lazy-child-process',
  resolveId: (id, importer) => (isCommandersChildProcess(id, importer) ? LAZY_CHILD_PROCESS : undefined),
  load: (id) =>
    id === LAZY_CHILD_PROCESS ? "let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:child_process'))[key] });" : undefined,
};

// The module graph, for the shared chunk below.
const graph = new Map();
const graphPlugin = {
  name: 'module-graph',
  moduleParsed: (info) => graph.set(info.id, info.importedIds),
};
const entryId = join(root, 'src', 'cli.ts');
let entryClosure;
function inEntry(id) {
  if (!entryClosure) {
    entryClosure = new Set();
    const visit = (m) => {
      if (entryClosure.has(m)) return;
      entryClosure.add(m);
      for (const next of graph.get(m) ?? []) visit(next);
    };
    visit(entryId);
  }
  return entryClosure.has(id);
}
// Node modules that cost next to nothing to load (most are loaded at start-up anyway).
const CHEAP_BUILTINS = new Set(['node:fs', 'node:fs/promises', 'node:os', 'node:path', 'node:url', 'node:util', 'node:string_decoder', 'node:events']);
const cheap = new Map();
/** A module of src/ whose static imports are only other cheap modules and cheap Node modules. */
function isCheap(id) {
  if (cheap.has(id)) return cheap.get(id);
  cheap.set(id, false); // a cycle is not cheap until proven
  const src = id.startsWith(join(root, 'src')) && id.endsWith('.ts');
  const result = src && (graph.get(id) ?? []).every((dep) => CHEAP_BUILTINS.has(dep) || inEntry(dep) || isCheap(dep));
  cheap.set(id, result);
  return result;
}

const bundle = await rolldown({
  cwd: root,
  input: { cli: 'src/cli.ts' },
  platform: 'node',
  // The entry may export more than its own names: modules it loads anyway stay in cli.js,
  // and the commands' chunks import them from there instead of from chunks of their own.
  preserveEntrySignatures: 'allow-extension',
  external: (id, importer) => isExternal(id) && !isCommandersChildProcess(id, importer),
  transform: { target: 'node20', define: { __ITSCOPE_HOOKS_VERSION__: JSON.stringify(pkg.version) } },
  plugins: [slimUndiciPlugin, lazyChildProcessPlugin, graphPlugin],
  logLevel: 'warn',
});
const { output } = await bundle.write({
  dir: join(root, 'dist'),
  // CommonJS: Node loads it without its ES module loader (resolving, reading and linking
  // asynchronously), ~6 ms less for every command on Node 20. dist/package.json says so.
  format: 'cjs',
  // Minified output parses faster at startup; the source map keeps stack traces readable.
  minify: true,
  sourcemap: true,
  entryFileNames: '[name].js',
  chunkFileNames: 'chunks/[name]-[hash].js',
  // Small modules of src/ that several commands share and cli.js does not load (the file
  // helpers, redaction, Basic Auth …) go into one chunk rather than a chunk each: one
  // module to load instead of eight for `send`. Only modules whose imports cost nothing
  // to load: a command must not pay for node:net or node:crypto because another needs it.
  // Outgoing HTTP (undici, the dispatcher, the failure explainer) is one chunk as well:
  // whoever makes a request needs all of it.
  codeSplitting: {
    groups: [
      {
        name: 'http',
        test: (id) => /[\\/]node_modules[\\/]undici[\\/]|undici-entry\.js$|src[\\/]http[\\/](dispatcher|request-failure|parser-tier)\.ts$/.test(id),
        includeDependenciesRecursively: false,
      },
      { name: 'shared', test: (id) => !inEntry(id) && isCheap(id), minShareCount: 2, includeDependenciesRecursively: false },
    ],
  },
});
await bundle.close();

writeFileSync(join(root, 'dist', 'package.json'), '{ "type": "commonjs" }\n');

// The inspector's page (src/inspector/web/): one script and one stylesheet for the browser,
// Preact included, served from dist/inspector/ by the inspector itself (no CDN: works offline).
await build({
  absWorkingDir: root,
  entryPoints: { app: 'src/inspector/web/main.ts' },
  outdir: 'dist/inspector',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome111', 'firefox115', 'safari16.4'],
  minify: true,
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});
for (const name of ['index.html', 'favicon.svg']) copyFileSync(join(root, 'src/inspector/web', name), join(root, 'dist/inspector', name));

// Remove chunks of earlier builds (chunk names carry a content hash). Done after the
// build, not before, so a build never leaves dist/ without a working CLI.
const outputs = new Set(output.map((file) => join(root, 'dist', file.fileName)));
for (const dir of ['dist', 'dist/chunks']) {
  for (const name of readdirSync(join(root, dir))) {
    const path = join(root, dir, name);
    if (name !== 'chunks' && name !== 'inspector' && name !== 'help.txt' && name !== 'package.json' && !outputs.has(path)) rmSync(path, { force: true });
  }
}

// The top-level help, rendered once by commander itself at build time, so that
// `itscope-hooks --help` prints without loading commander (the startup target in README's Benchmarks).
const { buildProgram } = createRequire(import.meta.url)('../dist/cli.js');
const program = await buildProgram(async () => {});
let help = '';
program.configureOutput({ getOutHelpWidth: () => 80, writeOut: (text) => (help += text) });
program.outputHelp();
writeFileSync(join(root, 'dist', 'help.txt'), help);
