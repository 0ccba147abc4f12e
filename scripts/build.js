// Bundles src/cli.ts and the lazily imported commands into dist/ with esbuild; each
// command is its own chunk, so `--help` and `--version` load only the CLI wiring.
// Small pure-JS dependencies (commander, chalk, zod) are bundled in: one file loads
// faster than dozens of modules. Larger or optional ones stay in node_modules.

import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const bundled = new Set(['commander', 'chalk', 'zod']);
const external = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)].filter((name) => !bundled.has(name));

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
const outputs = new Set(Object.keys(result.metafile.outputs).map((path) => join(root, path)));
for (const dir of ['dist', 'dist/chunks']) {
  for (const name of readdirSync(join(root, dir))) {
    const path = join(root, dir, name);
    if (name !== 'chunks' && name !== 'inspector' && name !== 'help.txt' && !outputs.has(path)) rmSync(path, { force: true });
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
