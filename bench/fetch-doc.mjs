// bench/fetch-doc: `itscope-hooks fetch-doc` downloading a 200 MiB openTRANS document from
// a local server, compared with `curl -s -o FILE` from the same server in the same run.
// Targets: throughput >= 0.8x curl's, peak RSS < 100 MiB.
// Throughput is timed by the server, the same clock for both tools: from the request's
// arrival to the moment the last byte was handed to the socket (the socket's buffer is a
// few MiB at most, against 200 MiB). Process start-up and module loading are outside it;
// they are bench/oneshot.mjs's business (one small fetch-doc against `node -e 0`), and the
// wall time of a small fetch is printed here as the fixed cost. The tools alternate,
// median of RUNS each (their spread is printed too). Peak RSS is the child's VmHWM,
// polled from /proc (Linux).
// Usage: node bench/fetch-doc.mjs [--mib 200] [--runs 5]   (run `npm run build` first)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const MIB = flag('--mib', 200);
const RUNS = flag('--runs', 5);
const BIN = fileURLToPath(new URL('../bin/itscope-hooks.js', import.meta.url));
const TARGET_RATIO = 0.8;
const TARGET_RSS_MIB = 100;

// The server runs in its own process and streams the document from one 1 MiB block,
// so it neither holds 200 MiB nor shares a CPU thread with the bench. For each large
// document it prints how long the transfer took.
const SERVER = `
const http = require('node:http');
const MIB = ${MIB};
const head = Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\\n<ORDER xmlns="http://www.opentrans.org/XMLSchema/2.1" version="2.1" type="standard"><ORDER_ITEM_LIST>\\n');
const tail = Buffer.from('</ORDER_ITEM_LIST></ORDER>\\n');
const item = '<ORDER_ITEM><LINE_ITEM_ID>1</LINE_ITEM_ID><QUANTITY>1</QUANTITY></ORDER_ITEM>\\n';
const block = Buffer.from(item.repeat(Math.floor(1048576 / item.length)));
const total = head.length + block.length * MIB + tail.length;
const small = Buffer.from('<?xml version="1.0"?><ORDER version="2.1"/>\\n');
const s = http.createServer((req, res) => {
  const start = process.hrtime.bigint();
  if (req.url.includes('/SMALL/')) { res.writeHead(200, { 'content-type': 'application/xml', 'content-length': String(small.length) }); return res.end(small); }
  res.writeHead(200, { 'content-type': 'application/xml', 'content-length': String(total) });
  res.on('finish', () => process.stdout.write(JSON.stringify({ ms: Number(process.hrtime.bigint() - start) / 1e6 }) + '\\n'));
  res.write(head);
  let sent = 0;
  const pump = () => {
    while (sent < MIB) { sent++; if (!res.write(block)) return res.once('drain', pump); }
    res.end(tail);
  };
  pump();
});
s.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: s.address().port, total }) + '\\n'));`;

function vmHwmKiB(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

const server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
const serverLines = createInterface({ input: server.stdout });
const pendingLines = [];
const waiting = [];
serverLines.on('line', (line) => {
  const value = JSON.parse(line);
  const next = waiting.shift();
  if (next) next(value);
  else pendingLines.push(value);
});
const nextServerLine = () => (pendingLines.length ? Promise.resolve(pendingLines.shift()) : new Promise((resolve) => waiting.push(resolve)));

/** Runs a command; returns wall ms, the peak RSS seen (KiB) and, for the large document, the server's transfer time. */
function measure(cmd, argv, env, large) {
  const transfer = large ? nextServerLine() : Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let err = '';
    let peak = 0;
    child.stderr.on('data', (d) => (err += d));
    const timer = setInterval(() => {
      const kib = vmHwmKiB(child.pid);
      if (kib) peak = Math.max(peak, kib);
    }, 5);
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - start;
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`${cmd} exited ${code}: ${err}`));
      transfer.then((t) => resolve({ ms, peakKiB: peak, transferMs: t?.ms }), reject);
    });
  });
}

const { port, total } = await nextServerLine();
const url = `http://127.0.0.1:${port}/2.1/business/documents/BENCH/ORDER.xml`;
const smallUrl = `http://127.0.0.1:${port}/2.1/business/documents/SMALL/ORDER.xml`;
const dir = mkdtempSync(join(tmpdir(), 'bench-fetch-doc-'));
const env = { ITSCOPE_API_BASE: `http://127.0.0.1:${port}/2.1`, ITSCOPE_ACCOUNT_ID: 'bench', ITSCOPE_API_KEY: 'bench-key', NO_COLOR: '1' };

try {
  const curl = [];
  const ours = [];
  const curlSmall = [];
  const oursSmall = [];
  const fetchDoc = (tx, file) => [BIN, 'fetch-doc', '--transaction-id', tx, '--type', 'ORDER', '--out', join(dir, file), '--force'];
  // Alternate the tools so that background noise hits both alike.
  for (let i = 0; i < RUNS; i++) {
    curlSmall.push(await measure('curl', ['-s', '-o', join(dir, 'curl-small.xml'), smallUrl]));
    oursSmall.push(await measure(process.execPath, fetchDoc('SMALL', 'ours-small.xml'), env));
    curl.push(await measure('curl', ['-s', '-o', join(dir, 'curl.xml'), url], {}, true));
    ours.push(await measure(process.execPath, fetchDoc('BENCH', 'ours.xml'), env, true));
  }
  if (statSync(join(dir, 'ours.xml')).size !== total || statSync(join(dir, 'curl.xml')).size !== total) throw new Error('size mismatch');
  const sorted = (list) => [...list].sort((a, b) => a - b);
  const median = (list) => sorted(list)[Math.floor(list.length / 2)];
  const mib = total / 1048576;
  const rates = (list) => list.map((r) => mib / (r.transferMs / 1000));
  const curlRates = rates(curl);
  const ourRates = rates(ours);
  const ratios = curlRates.map((c, i) => ourRates[i] / c);
  const ratio = median(ourRates) / median(curlRates);
  const peakMiB = Math.max(...ours.map((r) => r.peakKiB)) / 1024;
  const spread = (list) => `${sorted(list)[0].toFixed(0)}–${sorted(list).at(-1).toFixed(0)}`;
  const wall = (list) =>
    median(list.map((r) => r.ms))
      .toFixed(0)
      .padStart(5);
  console.log(`fetch-doc bench: ${mib.toFixed(0)} MiB document, ${RUNS} runs each, alternating (node ${process.version})`);
  console.log(
    `  curl       ${median(curlRates).toFixed(0).padStart(5)} MiB/s (runs ${spread(curlRates)}), wall ${wall(curl)} ms, fixed cost ${wall(curlSmall)} ms`,
  );
  console.log(
    `  fetch-doc  ${median(ourRates).toFixed(0).padStart(5)} MiB/s (runs ${spread(ourRates)}), wall ${wall(ours)} ms, fixed cost ${wall(oursSmall)} ms, peak RSS ${peakMiB.toFixed(1)} MiB`,
  );
  console.log(
    `  throughput ratio ${ratio.toFixed(2)} (target >= ${TARGET_RATIO}) ${ratio >= TARGET_RATIO ? 'PASS' : 'FAIL'}; per run ${ratios.map((r) => r.toFixed(2)).join(' ')}`,
  );
  console.log(`  peak RSS ${peakMiB.toFixed(1)} MiB (target < ${TARGET_RSS_MIB}) ${peakMiB < TARGET_RSS_MIB ? 'PASS' : 'FAIL'}`);
  process.exitCode = ratio >= TARGET_RATIO && peakMiB < TARGET_RSS_MIB ? 0 : 1;
} finally {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
