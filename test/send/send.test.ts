// `itscope-hooks send` end to end: the built binary against real local servers.
import { mkdir, truncate, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import type { CaptureRecord } from '../../src/core/capture.js';
import { checkPayload } from '../../src/core/payload-schema.js';
import { CaptureStore } from '../../src/store/capture-store.js';
import { makeCapture } from '../support/capture-records.js';
import { type CliResult, runCli } from '../support/cli.js';
import { type RecordingServer, startConnectProxy, startRecordingServer } from '../support/https-server.js';
import { spawnListen } from '../support/listen-harness.js';
import { startScriptedServer } from '../support/mock-api-helpers.js';
import { endless, trickle } from '../support/slow-answers.js';
import { tempDir } from '../support/temp-dir.js';
import { type CertPair, makeSelfSignedCert } from '../support/tls.js';

let work: { dir: string; cleanup: () => Promise<void> };
let cert: CertPair;
let caFile: string;
const servers: RecordingServer[] = [];

beforeAll(async () => {
  work = await tempDir('itscope-hooks-send-');
  cert = await makeSelfSignedCert();
  caFile = join(work.dir, 'ca.pem');
  await writeFile(caFile, cert.cert);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await work.cleanup();
});

async function server(options: Parameters<typeof startRecordingServer>[0] = {}): Promise<RecordingServer> {
  const s = await startRecordingServer(options);
  servers.push(s);
  return s;
}

/** Runs `send` in an empty project folder with no user config. */
function send(args: string[], env: Record<string, string | undefined> = {}, cwd = work.dir): Promise<CliResult> {
  return runCli(['send', ...args], { cwd, env: { XDG_CONFIG_HOME: join(work.dir, 'xdg'), CI: '1', ...env } });
}

function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const USER_AGENT = /^itscope-hooks\/\d+\.\d+\.\d+\S* \(\+Node \d+\.\d+\.\d+\)$/;

describe.concurrent('send', () => {
  test('sends the four types of one order over HTTPS with --ca, Basic Auth from the environment', async ({ expect }) => {
    const s = await server({ tls: cert });
    const r = await send(['--url', `${s.url}hooks/itscope?x=1`, '--ca', caFile, '--json'], {
      ITSCOPE_WEBHOOK_USER: 'hooks',
      ITSCOPE_WEBHOOK_PASSWORD: 's3cret-pw',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(s.requests).toHaveLength(4);
    const bodies = s.requests.map((q) => JSON.parse(q.body.toString('utf8')) as Record<string, unknown>);
    expect(bodies.map((b) => b.eventType)).toEqual(['ORDER', 'ORDERRESPONSE', 'DELIVERY', 'INVOICE']);
    expect(new Set(bodies.map((b) => b.transactionId)).size).toBe(1);
    for (const [i, q] of s.requests.entries()) {
      expect(q.method).toBe('POST');
      expect(q.url).toBe('/hooks/itscope?x=1');
      expect(q.headers['user-agent']).toMatch(USER_AGENT);
      expect(q.headers['content-type']).toBe('application/json');
      expect(q.headers.authorization).toBe(`Basic ${Buffer.from('hooks:s3cret-pw').toString('base64')}`);
      expect(checkPayload(bodies[i]).valid).toBe(true);
      // Compact JSON, exactly what JSON.stringify makes of the payload.
      expect(q.body.toString('utf8')).toBe(JSON.stringify(bodies[i]));
    }
    const lines = jsonLines(r.stdout);
    expect(lines).toHaveLength(5);
    expect(lines.slice(0, 4).map((l) => [l.eventType, l.eventId, l.status, l.ok])).toEqual(bodies.map((b) => [b.eventType, b.eventId, 200, true]));
    expect(lines[4]).toMatchObject({ type: 'summary', sent: 4, ok: 4, non2xx: 0, errors: 0 });
    expect(r.stdout + r.stderr).not.toContain('s3cret-pw');
  });

  test('without --ca a self-signed certificate fails with exit 1, naming the problem and --ca', async ({ expect }) => {
    const s = await server({ tls: cert });
    const r = await send(['--url', s.url, '--type', 'DELIVERY']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/self-signed/);
    expect(r.stdout).toContain('--ca FILE');
    expect(s.requests).toHaveLength(0);
  });

  test('--insecure skips verification with a loud warning', async ({ expect }) => {
    const s = await server({ tls: cert });
    const r = await send(['--url', s.url, '--type', 'ORDER', '--insecure']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning:.*--insecure.*NOT verified/);
    expect(s.requests).toHaveLength(1);
  });

  test('a certificate for another host is a hostname mismatch', async ({ expect }) => {
    const other = await makeSelfSignedCert({ hosts: ['hooks.example.com'] });
    const s = await server({ tls: other });
    const otherCa = join(work.dir, 'other-ca.pem');
    await writeFile(otherCa, other.cert);
    const r = await send(['--url', s.url, '--type', 'ORDER', '--ca', otherCa]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/does not match the host name/);
    expect(s.requests).toHaveLength(0);
  });

  test('an expired certificate is named as expired, even when trusted with --ca', async ({ expect }) => {
    const day = 86_400_000;
    const expired = await makeSelfSignedCert({ notBefore: new Date(Date.now() - 30 * day), notAfter: new Date(Date.now() - day) });
    const s = await server({ tls: expired });
    const expiredCa = join(work.dir, 'expired-ca.pem');
    await writeFile(expiredCa, expired.cert);
    const r = await send(['--url', s.url, '--type', 'ORDER', '--ca', expiredCa]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/TLS: the server certificate has expired \(CERT_HAS_EXPIRED\)/);
  });

  test('a password on the command line is used, warned about and never printed', async ({ expect }) => {
    const s = await server();
    const r = await send(['--url', s.url, '--type', 'INVOICE', '--user', 'u1', '--password', 'pw-on-argv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/process list.*ITSCOPE_WEBHOOK_PASSWORD/);
    expect(s.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('u1:pw-on-argv').toString('base64')}`);
    expect(r.stdout + r.stderr).not.toContain('pw-on-argv');
  });

  test('credentials in --url are the Basic Auth, replacing --user/--password and the environment, and are never printed', async ({ expect }) => {
    const s = await server();
    const url = `http://hooks%40acme:s%3Acret-in-url@127.0.0.1:${s.port}/hooks?x=1`;
    const env = { ITSCOPE_WEBHOOK_USER: 'env-user', ITSCOPE_WEBHOOK_PASSWORD: 'env-pw' };
    const r = await send(['--url', url, '--type', 'ORDER,INVOICE', '--user', 'argv-user', '--password', 'argv-pw', '--json'], env);
    expect(r.code).toBe(0);
    const expected = `Basic ${Buffer.from('hooks@acme:s:cret-in-url').toString('base64')}`;
    expect(s.requests.map((q) => [q.url, q.headers.authorization])).toEqual([
      ['/hooks?x=1', expected],
      ['/hooks?x=1', expected],
    ]);
    expect(r.stderr).toContain('a password in --url is visible in the process list');
    expect(r.stdout + r.stderr).not.toMatch(/cret-in-url|s%3Acret/);

    // Human output and errors keep them out too: a refused connection, a URL that does not parse.
    const probe = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => probe.once('listening', resolve));
    const closed = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const refused = await send(['--url', `http://u:pw-refused@127.0.0.1:${closed}/`, '--type', 'ORDER']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`sending 1 webhook to http://[redacted]@127.0.0.1:${closed}/`);
    const bad = await send(['--url', 'http://u:pw-bad-port@127.0.0.1:99999/', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"http://[redacted]@127.0.0.1:99999/" is not a URL');
    for (const out of [refused, bad]) expect(out.stdout + out.stderr).not.toMatch(/pw-refused|pw-bad-port/);
  });

  test('credentials in --url pass the Basic Auth of a real listen', async ({ expect }) => {
    const listen = spawnListen(['--user', 'hooks', '--password', 'listen-pw', '--max-events', '1', '--captures', join(work.dir, 'captures-url-auth')], {
      cwd: work.dir,
    });
    const { port } = await listen.ready;
    const without = await send(['--url', `http://127.0.0.1:${port}/`, '--type', 'ORDER', '--json']);
    expect(without.code).toBe(1);
    expect(jsonLines(without.stdout)[0]).toMatchObject({ status: 401, ok: false });
    const withUrl = await send(['--url', `http://hooks:listen-pw@127.0.0.1:${port}/`, '--type', 'DELIVERY', '--json'], {
      ITSCOPE_WEBHOOK_USER: 'hooks',
      ITSCOPE_WEBHOOK_PASSWORD: 'wrong',
    });
    expect(withUrl.code).toBe(0);
    expect(jsonLines(withUrl.stdout)[0]).toMatchObject({ eventType: 'DELIVERY', status: 200, ok: true });
    expect(await listen.exited).toMatchObject({ code: 0 });
    expect(withUrl.stdout + withUrl.stderr).not.toContain('listen-pw');
  });

  test('--file nested too deeply or too large is a usage error naming the file and the limit', async ({ expect }) => {
    const deep = join(work.dir, 'deep.json');
    await writeFile(deep, `{"eventType":"ORDER","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    for (const args of [['--dry-run'], ['--url', 'http://127.0.0.1:9/'], ['--dry-run', '--json']]) {
      const r = await send([...args, '--file', deep]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^error: ${deep.replace(/[.\\/]/g, '\\$&')} is nested too deeply \\(more than 512 levels of \\[ and \\{\\)\nfix: `));
    }
    const huge = join(work.dir, 'huge.ndjson');
    await writeFile(huge, '');
    await truncate(huge, 600 * 1024 ** 2); // sparse: above Node's largest string, nothing on disk
    const r = await send(['--dry-run', '--file', huge]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: --file ${huge} is 600 MiB (629145600 bytes), more than the limit of 64 MiB\nfix: `);
    expect(r.stderr).not.toMatch(/Invalid string length|unexpected/);
  });

  test('plain http to 127.0.0.1 is allowed; to any other host it is refused with exit 2', async ({ expect }) => {
    const s = await server();
    const ok = await send(['--url', s.url, '--type', 'ORDER']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/✓ 200 ORDER/);
    const refused = await send(['--url', 'http://hooks.example.com/itscope']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/ITscope only sends webhooks to https URLs/);
    expect(refused.stdout).toBe('');
  });

  test('a non-2xx answer exits 1 and shows the first 200 bytes of its body', async ({ expect }) => {
    const body = `${'x'.repeat(199)}YZ-tail`;
    const s = await server({ status: 500, body });
    const r = await send(['--url', s.url, '--type', 'DELIVERY']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`✗ 500 DELIVERY`);
    // Wrapped under the result line (at most 80 columns each).
    const lines = r.stdout.split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    const shown = lines
      .filter((l) => l.startsWith('    '))
      .map((l) => l.trim())
      .join('');
    expect(shown).toBe(`${'x'.repeat(199)}Y`);
    const j = await send(['--url', s.url, '--type', 'DELIVERY', '--json']);
    expect(j.code).toBe(1);
    expect(jsonLines(j.stdout)[0]).toMatchObject({ eventType: 'DELIVERY', status: 500, ok: false });
  });

  test('a receiver that does not answer in time is a timeout (exit 1)', async ({ expect }) => {
    const s = await server({ hang: true });
    const r = await send(['--url', s.url, '--type', 'ORDER', '--timeout', '300', '--json']);
    expect(r.code).toBe(1);
    const [line, summary] = jsonLines(r.stdout);
    expect(line).toMatchObject({ eventType: 'ORDER', status: null, ok: false, error: expect.stringMatching(/within 300 ms/) });
    expect(summary).toMatchObject({ type: 'summary', sent: 1, errors: 1 });
    expect(s.requests).toHaveLength(1);
  });

  test('--timeout covers the whole answer: a trickling one is a failure of its own; an endless one is cut after the snippet', async ({ expect }) => {
    const endlessBodies: Array<Promise<number>> = [];
    const s = await startScriptedServer((req, res) => {
      req.resume();
      if (req.url === '/trickle-200') trickle(res, { status: 200, bytes: 40, everyMs: 100 });
      else if (req.url === '/trickle-500') trickle(res, { status: 500, bytes: 40, everyMs: 100, first: 'slow' });
      else endlessBodies.push(endless(res, req.url === '/endless-200' ? 200 : 500));
    });
    try {
      const slow = await send(['--url', `${s.origin}/trickle-200`, '--type', 'ORDER', '--timeout', '1000', '--json']);
      expect(slow.code).toBe(1);
      const [line] = jsonLines(slow.stdout);
      expect(line).toMatchObject({ status: 200, ok: false, error: 'HTTP 200 arrived, but the rest of the answer did not within 1s' });
      const human = await send(['--url', `${s.origin}/trickle-500`, '--type', 'ORDER', '--timeout', '1000']);
      expect(human.code).toBe(1);
      expect(human.stdout).toContain('HTTP 500 arrived, but the rest of the answer did not within 1s');
      expect(human.stdout).toMatch(/fix: the receiver sends its answer too slowly/);
      // An answer that never ends: only its first bytes are read, then the connection is closed.
      for (const path of ['/endless-500', '/endless-200']) {
        const r = await send(['--url', `${s.origin}${path}`, '--type', 'ORDER', '--json']);
        expect(r.code, path).toBe(path === '/endless-200' ? 0 : 1);
      }
      const written = await Promise.all(endlessBodies);
      for (const bytes of written) expect(bytes).toBeLessThan(64 * 1024 ** 2);
    } finally {
      await s.close();
    }
  });

  test('a refused connection says nothing listens there', async ({ expect }) => {
    const probe = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => probe.once('listening', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const r = await send(['--url', `http://127.0.0.1:${port}/`, '--type', 'ORDER']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`connection refused by 127.0.0.1:${port}`);
  });

  test('HTTPS_PROXY is honored (CONNECT tunnel), NO_PROXY bypasses it, and a mute proxy times out', async ({ expect }) => {
    const proxy = await startConnectProxy();
    // A name that is not a loopback name (loopback targets never use a proxy); the proxy resolves it.
    const named = await makeSelfSignedCert({ hosts: ['hooks.example.test'] });
    const namedCa = join(work.dir, 'named-ca.pem');
    await writeFile(namedCa, named.cert);
    const s = await server({ tls: named });
    const url = `https://hooks.example.test:${s.port}/`;
    try {
      const via = await send(['--url', url, '--type', 'ORDER', '--ca', namedCa], { HTTPS_PROXY: proxy.url, NO_PROXY: '' });
      expect(via.code).toBe(0);
      expect(proxy.connects).toEqual([`hooks.example.test:${s.port}`]);
      expect(s.requests).toHaveLength(1);
      // NO_PROXY: a direct connection, so the proxy sees nothing (the name itself does not resolve).
      const bypass = await send(['--url', url, '--type', 'ORDER', '--ca', namedCa, '--timeout', '3000'], {
        HTTPS_PROXY: proxy.url,
        NO_PROXY: 'hooks.example.test',
      });
      expect(bypass.code).toBe(1);
      expect(bypass.stdout).not.toMatch(/proxy/i);
      expect(proxy.connects).toHaveLength(1);
    } finally {
      await proxy.close();
    }
    // A "proxy" that never answers CONNECT: the --timeout deadline still applies.
    const mute = await server({ hang: true });
    const r = await send(['--url', url, '--type', 'ORDER', '--timeout', '400'], { HTTPS_PROXY: mute.url, NO_PROXY: '' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/within 400 ms/);
  });

  test('a loopback URL never goes through a proxy: Basic Auth for this machine does not cross it', async ({ expect }) => {
    const proxy = await startConnectProxy();
    const s = await server();
    try {
      for (const url of [s.url, `http://localhost:${s.port}/`]) {
        const r = await send(['--url', url, '--type', 'ORDER'], {
          HTTP_PROXY: proxy.url,
          HTTPS_PROXY: proxy.url,
          NO_PROXY: '',
          ITSCOPE_WEBHOOK_USER: 'hooks',
          ITSCOPE_WEBHOOK_PASSWORD: 'local-only-pw',
        });
        expect(r.code, r.stdout + r.stderr).toBe(0);
      }
      expect(proxy.connects).toEqual([]);
      expect(s.requests).toHaveLength(2);
      expect(s.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('hooks:local-only-pw').toString('base64')}`);
    } finally {
      await proxy.close();
    }
  });

  test('--file sends the exact bytes of an object, of array elements, of NDJSON lines and of a capture', async ({ expect }) => {
    const s = await server();
    const object = '{ "eventId":"e2a6a466-3b62-4bb7-af53-b59aec592b49",\n  "eventType" : "DELIVERY", "orderId": "Bestellung-ä€" }';
    const objectFile = join(work.dir, 'object.json');
    await writeFile(objectFile, `\uFEFF${object}\n`);
    const r1 = await send(['--url', s.url, '--file', objectFile]);
    expect(r1.code).toBe(0);
    expect(s.requests[0]?.body.equals(Buffer.from(object))).toBe(true);

    const a = '{"eventType":"ORDER",  "eventId":"a"}';
    const b = '{\n    "eventType": "INVOICE", "nested": [1, {"x": "],}"}]\n  }';
    const arrayFile = join(work.dir, 'array.json');
    await writeFile(arrayFile, `[\n  ${a},\n  ${b}\n]\n`);
    const r2 = await send(['--url', s.url, '--file', arrayFile, '--json']);
    expect(r2.code).toBe(0);
    expect(s.requests.slice(1, 3).map((q) => q.body.toString('utf8'))).toEqual([a, b]);
    expect(
      jsonLines(r2.stdout)
        .slice(0, 2)
        .map((l) => l.eventType),
    ).toEqual(['ORDER', 'INVOICE']);

    const capturedBytes = Buffer.from('{"eventId":"c0ffee00-0000-4000-8000-000000000001",  "eventType":"ORDER"}\n');
    const capture = captureRecord(capturedBytes, 'application/json; charset=utf-8');
    const plain = '{"eventType":"DELIVERY","eventId":"n1"}';
    const ndjsonFile = join(work.dir, 'mixed.ndjson');
    await writeFile(ndjsonFile, `${plain}\r\n\n${JSON.stringify(capture)}\n`);
    const r3 = await send(['--url', s.url, '--file', ndjsonFile]);
    expect(r3.code).toBe(0);
    expect(s.requests[3]?.body.toString('utf8')).toBe(plain);
    expect(s.requests[4]?.body.equals(capturedBytes)).toBe(true);
    expect(s.requests[4]?.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  test('--file in UTF-16 with a byte-order mark (Windows PowerShell’s >) sends each payload as UTF-8 JSON', async ({ expect }) => {
    const s = await server();
    const object = '{"eventId":"e2a6a466-3b62-4bb7-af53-b59aec592b49","eventType":"DELIVERY","orderId":"Bestellung-ä€"}';
    const file = join(work.dir, 'powershell.json');
    await writeFile(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${object}\r\n`, 'utf16le')]));
    const r = await send(['--url', s.url, '--file', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(s.requests[0]?.body.equals(Buffer.from(object))).toBe(true);
    expect(s.requests[0]?.headers['content-type']).toMatch(/^application\/json/);
  });

  test('--event-id replays the exact bytes from the capture store', async ({ expect }) => {
    const s = await server();
    const captures = join(work.dir, 'captures-replay');
    const bytes = Buffer.from('{"eventId":"11111111-2222-4333-8444-555555555555","eventType":"INVOICE","x":"\u00fc"}');
    const store = await CaptureStore.open(captures);
    await store.append({ ...captureRecord(bytes, 'application/json'), eventId: '11111111-2222-4333-8444-555555555555', eventType: 'INVOICE' });
    await store.close();
    const r = await send(['--url', s.url, '--event-id', '11111111-2222-4333-8444-555555555555', '--captures', captures, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]?.body.equals(bytes)).toBe(true);
    expect(jsonLines(r.stdout)[0]).toMatchObject({ eventType: 'INVOICE', eventId: '11111111-2222-4333-8444-555555555555', status: 200 });
    const missing = await send(['--url', s.url, '--event-id', 'nope', '--captures', captures]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no capture with eventId nope/);
  });

  test('--dry-run prints valid payloads with the overrides and sends nothing', async ({ expect }) => {
    const r = await send([
      '--dry-run',
      '--json',
      '--type',
      'delivery,INVOICE',
      '--status',
      'processing',
      '--order-id',
      'PO-1',
      '--itscope-order-id',
      'IT-9',
      '--transaction-id',
      'T-42',
    ]);
    expect(r.code).toBe(0);
    const payloads = jsonLines(r.stdout);
    expect(payloads.map((p) => p.eventType)).toEqual(['DELIVERY', 'INVOICE']);
    for (const p of payloads) {
      expect(p).toMatchObject({ transactionStatus: 'PROCESSING', orderId: 'PO-1', itscopeOrderId: 'IT-9', transactionId: 'T-42' });
      expect(checkPayload(p).valid).toBe(true);
    }
    expect(payloads[0]?.documentUrl).toBe('https://api.itscope.com/2.1/business/documents/T-42/DISPATCHNOTIFICATION.xml');
    // --document-id names one document: one webhook.
    const one = jsonLines((await send(['--dry-run', '--json', '--type', 'INVOICE', '--document-id', '777'])).stdout);
    expect(one.map((p) => [p.eventType, p.documentId])).toEqual([['INVOICE', '777']]);
    const human = await send(['--dry-run', '--type', 'ORDER']);
    expect(human.stdout).toMatch(/^\{\n {2}"eventId": "[0-9a-f-]{36}",\n/);
  });

  test('--count/--concurrency: fresh eventIds cycling through the types, and a summary', async ({ expect }) => {
    const s = await server();
    const r = await send(['--url', s.url, '--count', '120', '--concurrency', '8', '--type', 'ORDER,INVOICE', '--json']);
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines).toHaveLength(121);
    const summary = lines[120];
    expect(summary).toMatchObject({ type: 'summary', sent: 120, ok: 120, non2xx: 0, errors: 0 });
    expect(summary?.rate).toBeGreaterThan(0);
    expect(summary?.p99).toBeGreaterThanOrEqual(summary?.p50 as number);
    const bodies = s.requests.map((q) => JSON.parse(q.body.toString('utf8')) as Record<string, unknown>);
    expect(new Set(bodies.map((b) => b.eventId)).size).toBe(120);
    expect(bodies.filter((b) => b.eventType === 'ORDER')).toHaveLength(60);
    expect(bodies.every((b) => checkPayload(b).valid)).toBe(true);

    const human = await send(['--url', s.url, '--count', '40', '--concurrency', '4']);
    expect(human.code).toBe(0);
    expect(human.stdout).not.toContain('✓');
    expect(human.stdout).toMatch(/^40 of 40 webhooks answered 2xx .*\nrate \d+ req\/s · latency p50 [\d.]+ ms · p95 [\d.]+ ms · p99 [\d.]+ ms\n$/);
  });

  test('per-type URLs from the project config send each enabled type to its own URL', async ({ expect }) => {
    const deliveries = await server();
    const invoices = await server();
    const project = join(work.dir, 'per-type');
    await mkdir(join(project, '.itscope-hooks'), { recursive: true });
    const config = {
      webhookUrls: {
        DELIVERY: { enabled: true, url: `${deliveries.url}d` },
        INVOICE: { enabled: true, url: `${invoices.url}i` },
        ORDER: { enabled: false, url: `${invoices.url}never` },
      },
    };
    await writeFile(join(project, '.itscope-hooks', 'config.json'), JSON.stringify(config));
    const r = await send(['--json'], {}, project);
    expect(r.code).toBe(0);
    expect(deliveries.requests.map((q) => [q.url, JSON.parse(q.body.toString()).eventType])).toEqual([['/d', 'DELIVERY']]);
    expect(invoices.requests.map((q) => [q.url, JSON.parse(q.body.toString()).eventType])).toEqual([['/i', 'INVOICE']]);
    const explicit = await send(['--type', 'ORDER'], {}, project);
    expect(explicit.code).toBe(2);
    expect(explicit.stderr).toMatch(/no URL configured for ORDER/);
  });

  test("control and bidi characters from a --file and from the receiver's answer are escapes in human output, exact in --json", async ({ expect }) => {
    const evil = 'A\u001b[2J\rB\u202eC';
    const s = await server({ status: 500, body: `oops ${evil}` });
    const file = join(work.dir, 'evil-payload.json');
    await writeFile(file, JSON.stringify({ eventId: evil, eventType: `ORDER${evil}` }));
    const human = await send(['--url', s.url, '--file', file]);
    expect(human.code).toBe(1);
    const shown = 'A\\x1b[2J\\rB\\u202eC';
    expect(human.stdout).toContain(`ORDER${shown}`);
    // The body is shown as text on one line (line breaks and \r as spaces), control and bidi characters escaped.
    expect(human.stdout).toContain('oops A\\x1b[2J B\\u202eC');
    expect(human.stdout).not.toMatch(/[\u001b\r\u202e]/);
    const json = await send(['--url', s.url, '--file', file, '--json']);
    const [line] = jsonLines(json.stdout);
    expect(line).toMatchObject({ eventId: evil, eventType: `ORDER${evil}`, error: `HTTP 500: oops ${evil}` });
    const dry = await send(['--file', file, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('\\u202e');
    expect(dry.stdout).not.toContain('\u202e');
  });

  test('a broken --file is located, never quoted; an --event-id in an error shows its control and bidi characters as escapes', async ({ expect }) => {
    const file = join(work.dir, 'evil-broken.json');
    // The JSON parser would quote the text around the error (a file may hold a secret): never shown.
    await writeFile(file, '{"eventId": x\u001b[2J\rB\u202eC, "apiKey": "sk-Secret"}');
    const broken = await send(['--url', 'http://127.0.0.1:9/', '--file', file]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^error: .*evil-broken\.json.* is not valid JSON: unexpected character \(line 1, column 13\)/);
    expect(broken.stderr).not.toMatch(/[\u001b\r\u202e]|\[2J|sk-Secret/);
    const captures = join(work.dir, 'evil-captures');
    await mkdir(captures, { recursive: true });
    const missing = await send(['--url', 'http://127.0.0.1:9/', '--captures', captures, '--event-id', 'id\u001b[2J\rB\u202eC']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('error: no capture with eventId id\\x1b[2J\\rB\\u202eC in');
    expect(missing.stderr).not.toMatch(/[\u001b\r\u202e]/);
    // A message of several lines (one per config problem) keeps them.
    const project = join(work.dir, 'evil-project');
    await mkdir(join(project, '.itscope-hooks'), { recursive: true });
    await writeFile(join(project, '.itscope-hooks', 'config.json'), JSON.stringify({ captures: 5, port: 'x' }));
    const config = await send(['--url', 'http://127.0.0.1:9/', '--dry-run'], {}, project);
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/has 2 problems:\n {2}captures: .*\n {2}port: /);
  });

  test.for<[string[], RegExp]>([
    [['--url', 'http://127.0.0.1:9/', '--file', 'x.json', '--type', 'ORDER'], /--type cannot be combined with --file/],
    [['--url', 'http://127.0.0.1:9/', '--file', 'x.json', '--count', '5'], /--count cannot be combined with --file/],
    [['--url', 'http://127.0.0.1:9/', '--event-id', 'abc', '--status', 'ARRIVED'], /--status cannot be combined with --event-id/],
    [['--url', 'http://127.0.0.1:9/', '--type', 'SHIPMENT'], /unknown event type "SHIPMENT"/],
    [['--url', 'not a url'], /is not a URL/],
    // A URL typed without its scheme: the one meant (http only for this machine).
    [['--url', 'localhost:8765'], /--url: "localhost:8765" has no scheme\nfix: +use http:\/\/localhost:8765\/ \(plain http is for this machine only\)\n/],
    [['--url', 'hooks.example.com/itscope'], /has no scheme\nfix: +use https:\/\/hooks\.example\.com\/itscope \(ITscope only calls https\)\n/],
    [
      ['--url', 'http://127.0.0.1:9/', '--timeout', 'soon'],
      /--timeout "soon" is not a duration\nfix: +e\.g\. --timeout 500ms, --timeout 2s or --timeout 1m \(a bare number is milliseconds\)/,
    ],
    [['--url', 'ftp://127.0.0.1/'], /"ftp:" URLs are not supported/],
    [['--url', 'http://127.0.0.1:9/', '--count', '0'], /--count "0" is not a whole number/],
    [['--url', 'http://127.0.0.1:9/', '--file', 'does-not-exist.json'], /cannot read --file does-not-exist.json \(no such file\)/],
    [['--url', 'http://127.0.0.1:9/', '--file', '.'], /--file \. is a folder\nfix: .*--event-id ID/],
    [[], /no target URL to send to/],
  ])('usage error %j exits 2', async ([args, message], { expect }) => {
    const r = await send(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/fix: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

function captureRecord(bytes: Buffer, contentType: string): CaptureRecord {
  return makeCapture(bytes, { headers: { 'content-type': contentType, authorization: 'Basic [redacted]' } });
}

describe('send --dry-run', () => {
  it('points documentUrl at api.itscope.com even when ITSCOPE_API_BASE names a local stand-in', async () => {
    const result = await runCli(['send', '--dry-run', '--json'], { env: { ITSCOPE_API_BASE: 'http://127.0.0.1:8766/2.1' } });
    expect(result.code).toBe(0);
    const payloads = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { eventType: string; documentUrl: string });
    expect(payloads.map((p) => p.eventType)).toEqual(['ORDER', 'ORDERRESPONSE', 'DELIVERY', 'INVOICE']);
    for (const p of payloads) expect(p.documentUrl).toMatch(/^https:\/\/api\.itscope\.com\/2\.1\/business\/documents\//);
  });
});
