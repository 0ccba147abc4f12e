// bench/fetch-doc: `itscope-hooks fetch-doc` downloading a 200 MiB openTRANS document from
// a local server, compared with `curl -s -o FILE` from the same server in the same run.
// Targets: throughput >= 0.7x curl's, peak RSS < 100 MiB.
// Each tool also fetches a tiny document from the same server: its wall time is the tool's
// fixed cost (process start, module loading, connection). Throughput is bytes divided by
// (wall time of the 200 MiB fetch - that fixed cost), for curl and fetch-doc alike; the raw
// wall-time ratio is printed too. Peak RSS is the child's VmHWM, polled from /proc (Linux).
// Usage: node bench/fetch-doc.mjs [--mib 200] [--runs 3]   (run `npm run build` first)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const MIB = flag('--mib', 200);
const RUNS = flag('--runs', 3);
const BIN = fileURLToPath(new URL('../bin/itscope-hooks.js', import.meta.url));
const TARGET_RATIO = 0.7;
const TARGET_RSS_MIB = 100;

// The server runs in its own process and streams the document from one 1 MiB block,
// so it neither holds 200 MiB nor shares a CPU thread with the bench.
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
  if (req.url.includes('/SMALL/')) { res.writeHead(200, { 'content-type': 'application/xml', 'content-length': String(small.length) }); return res.end(small); }
  res.writeHead(200, { 'content-type': 'application/xml', 'content-length': String(total) });
  res.write(head);
  let sent = 0;
  const pump = () => {
    while (sent < MIB) { sent++; if (!res.write(block)) return res.once('drain', pump); }
    res.end(tail);
  };
  pump();
});
s.listen(0, '127.0.0.1', () => process.stdout.write(s.address().port + ' ' + total + '\\n'));`;

function vmHwmKiB(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs a command; returns wall ms and the peak RSS seen (KiB). */
function measure(cmd, argv, env) {
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
      resolve({ ms, peakKiB: peak });
    });
  });
}

const server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
const [chunk] = await once(server.stdout, 'data');
const [port, total] = String(chunk).trim().split(' ').map(Number);
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
  // Alternate the tools so that background noise hits both alike; best of RUNS each.
  for (let i = 0; i < RUNS; i++) {
    curlSmall.push(await measure('curl', ['-s', '-o', join(dir, 'curl-small.xml'), smallUrl]));
    oursSmall.push(await measure(process.execPath, fetchDoc('SMALL', 'ours-small.xml'), env));
    curl.push(await measure('curl', ['-s', '-o', join(dir, 'curl.xml'), url]));
    ours.push(await measure(process.execPath, fetchDoc('BENCH', 'ours.xml'), env));
  }
  if (statSync(join(dir, 'ours.xml')).size !== total || statSync(join(dir, 'curl.xml')).size !== total) throw new Error('size mismatch');
  const best = (list) => list.reduce((a, b) => (b.ms < a.ms ? b : a)).ms;
  const c = best(curl);
  const o = best(ours);
  const c0 = best(curlSmall);
  const o0 = best(oursSmall);
  const peakMiB = Math.max(...ours.map((r) => r.peakKiB)) / 1024;
  const mib = total / 1048576;
  const rate = (ms) => mib / (Math.max(ms, 1) / 1000);
  const curlRate = rate(c - c0);
  const oursRate = rate(o - o0);
  const ratio = oursRate / curlRate;
  const wallRatio = c / o;
  console.log(`fetch-doc bench: ${mib.toFixed(0)} MiB document, best of ${RUNS}`);
  console.log(`  curl       ${c.toFixed(0).padStart(6)} ms wall, fixed cost ${c0.toFixed(0).padStart(4)} ms, ${curlRate.toFixed(0).padStart(5)} MiB/s`);
  console.log(
    `  fetch-doc  ${o.toFixed(0).padStart(6)} ms wall, fixed cost ${o0.toFixed(0).padStart(4)} ms, ${oursRate.toFixed(0).padStart(5)} MiB/s, peak RSS ${peakMiB.toFixed(1)} MiB`,
  );
  console.log(
    `  throughput ratio ${ratio.toFixed(2)} (target >= ${TARGET_RATIO}) ${ratio >= TARGET_RATIO ? 'PASS' : 'FAIL'}; wall-time ratio incl. start-up ${wallRatio.toFixed(2)}`,
  );
  console.log(`  peak RSS ${peakMiB.toFixed(1)} MiB (target < ${TARGET_RSS_MIB}) ${peakMiB < TARGET_RSS_MIB ? 'PASS' : 'FAIL'}`);
  process.exitCode = ratio >= TARGET_RATIO && peakMiB < TARGET_RSS_MIB ? 0 : 1;
} finally {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
