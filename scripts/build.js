// Bundles src/cli.ts and the lazily imported commands into dist/ with esbuild; each
// command is its own chunk, so `--help` and `--version` load only the CLI wiring.
// Pure-JS dependencies on the paths of one-shot commands (commander, chalk, zod, undici,
// fast-xml-parser) are bundled in: one file loads faster than dozens of modules. undici
// goes through scripts/undici-entry.js, which exports only what src/ uses. The prompt
// library and the spinner stay in node_modules: only `init` and a terminal load them.

import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const bundled = new Set(['commander', 'chalk', 'zod', 'undici', 'fast-xml-parser']);
const external = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)].filter((name) => !bundled.has(name));
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
const undiciPlugin = {
  name: 'slim-undici',
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, () => ({ path: undiciEntry }));
  },
};
// commander requires node:child_process (and with it net and dgram) at load time, for
// subcommands that are executables of their own, which this CLI has none of: it gets the
// module on first use instead.
const lazyChildProcessPlugin = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes(`${join('node_modules', 'commander')}`) ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};
// `import process from 'node:process'` in a bundled ES module (chalk's color detection)
// makes Node build the module's ES facade, which reads every property of `process`,
// process.stdin included: that opens stdin (a stream over a TTY, pipe or file) in every
// command. The global `process` is the same object, without that side effect.
const processPlugin = {
  name: 'global-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?process$/ }, (args) => (args.kind === 'import-statement' ? { path: 'process', namespace: 'global-process' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'global-process' }, () => ({ contents: 'export default process;', loader: 'js' }));
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  plugins: [undiciPlugin, processPlugin, lazyChildProcessPlugin],
  // commander is CommonJS: give its require() calls a real require in ESM output.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // Minified output parses faster at startup; the source map keeps stack traces readable.
  minify: true,
  sourcemap: true,
  metafile: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  define: { __ITSCOPE_HOOKS_VERSION__: JSON.stringify(pkg.version) },
});

// Remove chunks of earlier builds (chunk names carry a content hash). Done after the
// build, not before, so a build never leaves dist/ without a working CLI.
const outputs = new Set(Object.keys(result.metafile.outputs).map((path) => join(root, path)));
for (const dir of ['dist', 'dist/chunks']) {
  for (const name of readdirSync(join(root, dir))) {
    const path = join(root, dir, name);
    if (name !== 'chunks' && name !== 'help.txt' && !outputs.has(path)) rmSync(path, { force: true });
  }
}

// The top-level help, rendered once by commander itself at build time, so that
// `itscope-hooks --help` prints without loading commander (the startup target in README's Benchmarks).
const { buildProgram } = await import(`${new URL('../dist/cli.js', import.meta.url).href}?t=${Date.now()}`);
const program = await buildProgram(async () => {});
let help = '';
program.configureOutput({ getOutHelpWidth: () => 80, writeOut: (text) => (help += text) });
program.outputHelp();
writeFileSync(join(root, 'dist', 'help.txt'), help);
