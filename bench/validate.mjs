// validate on 100,000 NDJSON payloads against a bare JSON.parse loop over the same lines,
// both as whole processes (startup included), medians of interleaved runs.
// Target: validate's throughput at least 0.5x.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const count = Number(process.env.COUNT ?? 100_000);
const runs = Number(process.env.RUNS ?? 5);
const dir = new URL('./.work/', import.meta.url);
mkdirSync(dir, { recursive: true });
const file = fileURLToPath(new URL('events.ndjson', dir));

const types = [
  ['ORDER', 'ORDER', 'ARRIVED'],
  ['ORDERRESPONSE', 'ORDERRESPONSE', 'CONFIRMED'],
  ['DELIVERY', 'DISPATCHNOTIFICATION', 'ADVISED'],
  ['INVOICE', 'INVOICE', 'INVOICED'],
];
const lines = [];
for (let i = 0; i < count; i++) {
  const [eventType, docType, status] = types[i % 4];
  const transactionId = randomUUID();
  lines.push(
    JSON.stringify({
      eventId: randomUUID(),
      timestamp: '2026-11-02T10:30:15',
      eventType,
      transactionStatus: status,
      orderId: `PO-2026-${String(i).padStart(6, '0')}`,
      itscopeOrderId: `TKX5SJ-021126-${String(i % 10000).padStart(4, '0')}`,
      documentId: String(100000000 + i),
      documentUrl: `https://api.itscope.com/2.1/business/documents/${transactionId}/${docType}.xml`,
      transactionId,
    }),
  );
}
writeFileSync(file, `${lines.join('\n')}\n`);

const baseline = `
const text = require('fs').readFileSync(${JSON.stringify(file)}, 'utf8');
let n = 0;
for (const line of text.split('\\n')) if (line) { JSON.parse(line); n++; }
if (n !== ${count}) process.exit(3);
`;

function time(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const parse = [];
const validate = [];
for (let i = 0; i < runs; i++) {
  parse.push(time(['-e', baseline]));
  validate.push(time(['bin/itscope-hooks.js', 'validate', file]));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p = median(parse);
const v = median(validate);
const mib = statSync(file).size / 2 ** 20;
console.log(`validate, ${count} NDJSON payloads (${mib.toFixed(1)} MiB), median of ${runs} runs (node ${process.version})`);
console.log(`JSON.parse loop  ${p.toFixed(0).padStart(6)} ms  ${Math.round((count / p) * 1000)} payloads/s`);
console.log(`validate         ${v.toFixed(0).padStart(6)} ms  ${Math.round((count / v) * 1000)} payloads/s`);
console.log(`throughput ratio ${(p / v).toFixed(2)}x (target ≥ 0.50x)`);
