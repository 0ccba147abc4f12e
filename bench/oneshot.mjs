// One-shot commands against a bare `node -e 0`: the time a CI script pays per call.
// Each case is one process start to exit, the cases interleaved round by round (so that
// background noise hits all alike), medians of RUNS rounds (default 15, at least 11).
// The servers are started here, each in its own process: a node:http server that answers
// at once and keeps connections alive for 60 s (for `send`), and the real `mock-api`
// (for `fetch-doc`). A small capture store and a project config are made with the CLI
// itself (`listen` + `send`, `init --yes`) in a temporary folder.
// Targets: send and small fetch-doc ≤ 3.0x, validate one file ≤ 1.4x, peak RSS of one
// send ≤ 70 MiB (read in the process itself: process.resourceUsage().maxRSS at exit, via
// --require). The other cases are printed for context. Exits 1 when a target is missed.
// Usage: node bench/oneshot.mjs   (run `npm run build` first; RUNS=25 for steadier medians)
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(root, 'bin', 'itscope-hooks.js');
const RUNS = Math.max(11, Number(process.env.RUNS ?? 15));
const WARMUP = 2;
const TX = '123456789-1234-5678-9123-12SAMPLE4567';

const work = mkdtempSync(join(tmpdir(), 'itscope-hooks-oneshot-'));
const cwd = join(work, 'project');
const captures = join(work, 'captures');
mkdirSync(cwd);

// Nothing from the caller's environment may change what is measured: no proxy, no
// settings of the user's own, no colors.
const env = { ...process.env, NO_COLOR: '1', XDG_CONFIG_HOME: join(work, 'config-home') };
for (const name of Object.keys(env)) {
  if (/^(ITSCOPE_|HTTPS?_PROXY$|NO_PROXY$|NODE_OPTIONS$)/i.test(name) || name === 'CI') delete env[name];
}

// maxRSS at exit, written where the bench reads it (KiB on Linux).
const rssProbe = join(work, 'max-rss.cjs');
writeFileSync(rssProbe, "process.on('exit', () => require('node:fs').writeFileSync(process.env.ONESHOT_RSS_FILE, String(process.resourceUsage().maxRSS)));\n");

const SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.address().port }) + '\\n'));`;

/** Starts a long-running child and resolves with its first stdout line (JSON) and the child. */
async function startChild(args, options = {}) {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'ignore'], ...options });
  const lines = createInterface({ input: child.stdout });
  const [line] = await once(lines, 'line');
  return { child, ready: JSON.parse(line), lines };
}

/** Runs a CLI command to its end; throws with its output when the exit code is not the expected one. */
function cli(args, { expect = 0, extraEnv = {} } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8' });
  if (result.status !== expect) throw new Error(`itscope-hooks ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

const children = [];
try {
  const loopback = await startChild(['-e', SERVER]);
  children.push(loopback.child);
  const mock = await startChild([BIN, 'mock-api', '--port', '0', '--json', '--rate-limit', '100000']);
  children.push(mock.child);
  mock.lines.on('line', () => {}); // one line per request: read and drop

  // The project: a config as `init --yes` writes it, and four captured webhooks.
  cli(['init', '--yes', '--url-delivery', 'https://hooks.example.com/itscope', '--account-id', 'demo', '--api-key', 'demo-key']);
  const listen = await startChild([BIN, 'listen', '--port', '0', '--json', '--captures', captures, '--max-events', '4']);
  const listenUrl = listen.ready.url;
  cli(['send', '--url', listenUrl]);
  await once(listen.child, 'exit');
  const eventId = JSON.parse(cli(['captures', 'list', '--json', '--captures', captures]).trim().split('\n')[0]).eventId;

  const sendUrl = `http://127.0.0.1:${loopback.ready.port}/`;
  const out = join(work, 'ORDER.xml');
  const cases = [
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: 'send --type DELIVERY', args: [BIN, 'send', '--type', 'DELIVERY', '--url', sendUrl], target: 3.0 },
    {
      name: 'fetch-doc (small)',
      args: [BIN, 'fetch-doc', '--api-base', mock.ready.url, '--transaction-id', TX, '--type', 'ORDER', '--out', out, '--force'],
      target: 3.0,
    },
    { name: 'validate <one file>', args: [BIN, 'validate', join(root, 'fixtures/payloads/valid/order.json')], target: 1.4 },
    { name: 'captures show', args: [BIN, 'captures', 'show', eventId, '--captures', captures] },
    { name: 'config show', args: [BIN, 'config', 'show'] },
    { name: 'doctor --offline', args: [BIN, 'doctor', '--offline'] },
  ];

  const time = (c) => {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, c.args, { cwd, env, stdio: 'ignore' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${c.name} exited ${result.status ?? result.signal}: run it by hand to see why`);
    return ms;
  };
  for (let i = 0; i < WARMUP; i++) for (const c of cases) time(c);
  const samples = new Map(cases.map((c) => [c.name, []]));
  for (let i = 0; i < RUNS; i++) for (const c of cases) samples.get(c.name).push(time(c));

  // Peak RSS of one send, measured in that process.
  const rssFile = join(work, 'rss.txt');
  const rssRuns = [];
  for (let i = 0; i < 3; i++) {
    const result = spawnSync(process.execPath, ['--require', rssProbe, ...cases[1].args], {
      cwd,
      env: { ...env, ONESHOT_RSS_FILE: rssFile },
      stdio: 'ignore',
    });
    if (result.status !== 0) throw new Error(`send exited ${result.status} while its memory was measured`);
    rssRuns.push(Number(readFileSync(rssFile, 'utf8')) / 1024);
  }
  const rssMiB = Math.max(...rssRuns);

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const spread = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return `${s[Math.floor(s.length / 4)].toFixed(0)}–${s[Math.floor((s.length * 3) / 4)].toFixed(0)}`;
  };
  const base = median(samples.get('node -e 0'));
  let failed = 0;
  const verdict = (ok) => {
    if (!ok) failed++;
    return ok ? 'PASS' : 'FAIL';
  };
  console.log(`one-shot commands, medians of ${RUNS} interleaved runs (node ${process.version}, ${process.platform}/${process.arch})`);
  console.log(`${'command'.padEnd(24)} ${'median'.padStart(9)}  ${'IQR'.padStart(9)}  vs node -e 0`);
  for (const c of cases) {
    const m = median(samples.get(c.name));
    const ratio = m / base;
    const target = c.target ? `  (target ≤ ${c.target.toFixed(1)}x) ${verdict(ratio <= c.target)}` : '';
    console.log(`${c.name.padEnd(24)} ${m.toFixed(1).padStart(6)} ms  ${spread(samples.get(c.name)).padStart(6)} ms  ${ratio.toFixed(2)}x${target}`);
  }
  console.log(`peak RSS of one send      ${rssMiB.toFixed(1)} MiB (highest of ${rssRuns.length}; target ≤ 70 MiB) ${verdict(rssMiB <= 70)}`);
  process.exitCode = failed ? 1 : 0;
} finally {
  for (const child of children) child.kill();
  rmSync(work, { recursive: true, force: true });
}
