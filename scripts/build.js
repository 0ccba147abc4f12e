// Bundles src/cli.ts and the lazily imported commands into dist/ with esbuild.
// Dependencies stay external (resolved from node_modules at run time); each command is
// its own chunk, so `--help` and `--version` load only the CLI wiring.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  absWorkingDir: root,
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  define: { __ITSCOPE_HOOKS_VERSION__: JSON.stringify(version) },
});
