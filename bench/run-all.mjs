// Runs every benchmark in bench/ one after another (never in parallel: they would share
// the CPU and distort each other's ratios). Needs `npm run build` first.
// BENCH=receiver,send runs only those; each script's own variables (DURATION, ROUNDS …) apply.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
if (!existsSync(fileURLToPath(new URL('../dist/cli.js', import.meta.url)))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
}
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && f !== 'run-all.mjs')
  .map((f) => f.slice(0, -4))
  .sort();
const wanted = process.env.BENCH
  ? process.env.BENCH.split(',')
      .map((s) => s.trim())
      .filter(Boolean)
  : all;
const unknown = wanted.filter((name) => !all.includes(name));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')}; there are: ${all.join(', ')}`);
  process.exit(2);
}
const failed = [];
for (const name of wanted) {
  console.log(`\n=== bench/${name}.mjs ===`);
  const { status, signal } = spawnSync(process.execPath, [`${dir}${name}.mjs`], { stdio: 'inherit' });
  if (status !== 0) failed.push(`${name} (${signal ?? `exit ${status}`})`);
}
if (failed.length) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
