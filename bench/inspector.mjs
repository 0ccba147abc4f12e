// The inspector on a 100,000-capture store: time until `inspect` is ready (the store
// indexed), the list API's latency over first pages, filters, search and deep cursors,
// and the page's first paint in headless Chromium (CHROMIUM_PATH or `chromium` on PATH).
// Targets: list API p95 < 50 ms, first paint < 1 s.
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { findChromium, launchChromium } from '../scripts/chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const count = Number(process.env.COUNT ?? 100_000);
const requests = Number(process.env.REQUESTS ?? 400);
const dir = fileURLToPath(new URL('./.work/inspector-store/', import.meta.url));
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true, mode: 0o700 });

// A store as listen writes it: one NDJSON line per capture, each with its CRC-32.
const types = [
  ['ORDER', 'ORDER', 'ARRIVED'],
  ['ORDERRESPONSE', 'ORDERRESPONSE', 'CONFIRMED'],
  ['DELIVERY', 'DISPATCHNOTIFICATION', 'ADVISED'],
  ['INVOICE', 'INVOICE', 'INVOICED'],
];
const started = Date.now() - count * 1000;
const lines = [];
let transactionId = randomUUID();
for (let i = 0; i < count; i++) {
  const [eventType, docType, status] = types[i % 4];
  if (i % 4 === 0) transactionId = randomUUID();
  const invalid = i % 50 === 7;
  const payload = {
    eventId: randomUUID(),
    timestamp: invalid ? '2026-11-02T10:30:15Z' : '2026-11-02T10:30:15',
    eventType,
    transactionStatus: status,
    orderId: `PO-2026-${String(Math.floor(i / 4)).padStart(6, '0')}`,
    itscopeOrderId: `TKX5SJ-021126-${String(i % 10000).padStart(4, '0')}`,
    documentId: String(100000000 + i),
    documentUrl: `https://api.itscope.com/2.1/business/documents/${transactionId}/${docType}.xml`,
    transactionId,
  };
  const body = JSON.stringify(payload);
  const record = {
    kind: 'itscope-hooks/capture',
    v: 1,
    receivedAt: new Date(started + i * 1000).toISOString(),
    method: 'POST',
    path: '/',
    query: '',
    remoteAddress: '127.0.0.1',
    headers: {
      host: '127.0.0.1:8765',
      'user-agent': 'ITscope-Webhook/1.0',
      'content-type': 'application/json',
      'content-length': String(body.length),
      authorization: 'Basic [redacted]',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-proto': 'https',
    },
    body,
    bodyEncoding: 'utf8',
    valid: !invalid,
    errors: invalid ? [{ path: '$.timestamp', message: 'timestamp carries a time zone', hint: 'use local time without a zone' }] : [],
    warnings: [],
    status: 200,
    ...Object.fromEntries(['eventId', 'eventType', 'transactionStatus', 'orderId', 'documentId', 'transactionId', 'documentUrl'].map((k) => [k, payload[k]])),
  };
  const json = JSON.stringify(record);
  lines.push(`${json.slice(0, -1)},"crc":"${crc32(json).toString(16).padStart(8, '0')}"}\n`);
}
writeFileSync(`${dir}journal-20261101T000000000Z-1.ndjson`, lines.join(''), { mode: 0o600 });
const sample = JSON.parse(lines[count - 3].replace(/,"crc":"[0-9a-f]{8}"\}\n$/, '}'));

function get(port, path) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    request({ host: '127.0.0.1', port, path, agent: agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ ms: performance.now() - t0, status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    })
      .on('error', reject)
      .end();
  });
}
const { Agent } = await import('node:http');
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

const t0 = performance.now();
const child = spawn(process.execPath, ['bin/itscope-hooks.js', 'inspect', '--captures', dir, '--ui-port', '0', '--json'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const ready = await new Promise((resolve, reject) => {
  createInterface({ input: child.stdout }).on('line', (line) => {
    const value = JSON.parse(line);
    if (value.type === 'ready') resolve(value);
  });
  child.on('exit', (code) => reject(new Error(`inspect exited ${code}`)));
});
const readyMs = performance.now() - t0;
const port = ready.port;
if (ready.count !== count) throw new Error(`indexed ${ready.count} of ${count}`);

// A mix of what the page asks: first pages (plain, filtered, searched) and deep cursors.
const first = await get(port, '/api/captures?limit=100');
const paths = [
  () => '/api/captures?limit=100',
  () => '/api/captures?type=DELIVERY&limit=100',
  () => '/api/captures?valid=invalid&limit=100',
  () => `/api/captures?q=${sample.orderId}&limit=100`,
  () => `/api/captures?q=${sample.eventId.slice(0, 8)}&limit=100`,
  () => `/api/captures?before=${Math.floor(Math.random() * count) + 1}&limit=100`,
  () => `/api/captures?type=INVOICE&valid=valid&before=${Math.floor(Math.random() * count) + 1}&limit=100`,
  () => `/api/captures/${Math.floor(Math.random() * count) + 1}`,
];
for (let i = 0; i < 20; i++) await get(port, paths[i % paths.length]()); // warm up
const samples = [];
for (let i = 0; i < requests; i++) {
  const r = await get(port, paths[i % paths.length]());
  if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
  samples.push(r.ms);
}
samples.sort((a, b) => a - b);
const pct = (p) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))];
const rss = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(child.pid)], { encoding: 'utf8' }).trim()) / 1024;

console.log(
  `inspector on ${count.toLocaleString('en')} captures (${(Buffer.byteLength(lines.join('')) / 1024 / 1024).toFixed(0)} MiB journal), node ${process.version}`,
);
console.log(`  ready (store indexed)   ${readyMs.toFixed(0)} ms, RSS ${rss.toFixed(0)} MiB`);
console.log(
  `  list API over ${requests} requests: p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, max ${samples.at(-1).toFixed(1)} ms (target p95 < 50 ms)`,
);
if (first.json.total !== count) throw new Error(`total ${first.json.total}`);

const chromium = findChromium();
if (!chromium) {
  console.log('  first paint: skipped (no chromium; set CHROMIUM_PATH)');
} else {
  const browser = await launchChromium(chromium);
  const paints = [];
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const start = performance.now();
    await page.goto(ready.ui);
    await page.waitForSelector('table.events tbody tr');
    paints.push(performance.now() - start);
    await page.close();
  }
  await browser.close();
  paints.sort((a, b) => a - b);
  console.log(`  first paint (navigation → first rows shown), median of 5: ${paints[2].toFixed(0)} ms (target < 1000 ms)`);
}
agent.destroy();
child.kill('SIGTERM');
