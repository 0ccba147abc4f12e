// Startup cost of the CLI against a bare `node -e 0`, medians of interleaved runs.
// Target: --version and --help at most 1.3x.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.env.RUNS ?? 25);
const bin = 'bin/itscope-hooks.js';
const cases = {
  'node -e 0': ['-e', '0'],
  '--version': [bin, '--version'],
  '--help': [bin, '--help'],
  'validate <one file>': [bin, 'validate', 'fixtures/payloads/valid/order.json'],
};

function time(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = 0; i < 3; i++) for (const args of Object.values(cases)) time(args); // warm the file cache
for (let i = 0; i < runs; i++) for (const [name, args] of Object.entries(cases)) samples[name].push(time(args));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const base = median(samples['node -e 0']);
console.log(`startup, median of ${runs} interleaved runs (node ${process.version})`);
for (const name of Object.keys(cases)) {
  const m = median(samples[name]);
  const target = name === '--version' || name === '--help' ? ' (target ≤ 1.30x)' : '';
  console.log(`${name.padEnd(22)} ${m.toFixed(1).padStart(7)} ms  ${(m / base).toFixed(2)}x${target}`);
}
