// bench/send: `itscope-hooks send --count N --concurrency 50` against a bare node:http
// server that only answers 200, compared with autocannon (50 connections, same payload)
// against the same server in the same run. Target: ratio >= 0.7.
// Usage: node bench/send.mjs [--count 20000] [--connections 50]   (run `npm run build` first)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const COUNT = flag('--count', 20_000);
const CONNECTIONS = flag('--connections', 50);
const BIN = fileURLToPath(new URL('../bin/itscope-hooks.js', import.meta.url));
const TARGET = 0.7;

// The server runs in its own process, so neither client shares a CPU thread with it.
const SERVER = `
const http = require('node:http');
const s = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, {'content-type': 'application/json'}); res.end('{"ok":true}'); }); });
s.keepAliveTimeout = 30000;
s.listen(0, '127.0.0.1', () => process.stdout.write(s.address().port + '\\n'));`;

function run(cmd, argv) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

async function startServer() {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = await once(child.stdout, 'data');
  return { port: Number(String(chunk).trim()), stop: () => child.kill() };
}

function cannon(url, body, amount) {
  return new Promise((resolve, reject) => {
    autocannon({ url, method: 'POST', body, headers: { 'content-type': 'application/json' }, connections: CONNECTIONS, amount }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

const server = await startServer();
const url = `http://127.0.0.1:${server.port}/`;
try {
  // Same payload size as the CLI sends: one of its own samples.
  const dry = await run(process.execPath, [BIN, 'send', '--dry-run', '--json', '--type', 'ORDERRESPONSE']);
  const body = dry.out.trim();
  if (!body.startsWith('{')) throw new Error(`could not make a sample payload: ${dry.err}`);

  await cannon(url, body, 2000); // warm the server up
  // autocannon's own duration is coarse; time it here, as the CLI times itself.
  const a0 = performance.now();
  const ac = await cannon(url, body, COUNT);
  const acRate = ac.requests.sent / ((performance.now() - a0) / 1000);
  if (ac.non2xx || ac.errors) throw new Error(`autocannon saw ${ac.non2xx} non-2xx and ${ac.errors} errors`);

  const t0 = performance.now();
  const cli = await run(process.execPath, [BIN, 'send', '--count', String(COUNT), '--concurrency', String(CONNECTIONS), '--url', url, '--json']);
  const wall = (performance.now() - t0) / 1000;
  const summary = JSON.parse(cli.out.trim().split('\n').at(-1));
  if (cli.code !== 0 || summary.type !== 'summary' || summary.ok !== COUNT) throw new Error(`send failed (exit ${cli.code}): ${cli.err}`);

  const ratio = summary.rate / acRate;
  console.log(`payload              ${Buffer.byteLength(body)} bytes, ${COUNT} requests, ${CONNECTIONS} connections`);
  console.log(`autocannon           ${Math.round(acRate)} req/s`);
  console.log(`itscope-hooks send   ${Math.round(summary.rate)} req/s (p50 ${summary.p50} ms, p99 ${summary.p99} ms; ${wall.toFixed(2)} s wall incl. startup)`);
  console.log(`ratio                ${ratio.toFixed(2)} (target >= ${TARGET}) ${ratio >= TARGET ? 'PASS' : 'FAIL'}`);
  process.exitCode = ratio >= TARGET ? 0 : 1;
} finally {
  server.stop();
}
