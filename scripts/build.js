// Bundles src/cli.ts and the lazily imported commands into dist/ with esbuild; each
// command is its own chunk, so `--help` and `--version` load only the CLI wiring.
// Small pure-JS dependencies (commander, chalk, zod) are bundled in: one file loads
// faster than dozens of modules. Larger or optional ones stay in node_modules.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const bundled = new Set(['commander', 'chalk', 'zod']);
const external = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)].filter((name) => !bundled.has(name));

await build({
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
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  define: { __ITSCOPE_HOOKS_VERSION__: JSON.stringify(pkg.version) },
});
