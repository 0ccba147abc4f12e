// The ITscope API stand-in as a user runs it: the built binary, real HTTP requests.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dealDocument } from '../../src/core/deal-documents.js';
import { FIXTURE_TRANSACTION_ID } from '../../src/mock-api/documents.js';
import { startMockApi } from '../../src/mock-api/server.js';
import { runCli } from '../support/cli.js';
import { spawnMockApi } from '../support/mock-api-process.js';
import { tempDir } from '../support/temp-dir.js';

const fixture = (file: string) => readFileSync(new URL(`../../fixtures/opentrans/${file}`, import.meta.url));
const UUID = '0b7d3f7e-1111-4222-8333-444455556666';
const auth = (user: string, key: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}` });

describe('mock-api', () => {
  it('prints a ready line, enforces Basic Auth, serves the fixtures, answers 404, logs requests, stops on SIGTERM', async () => {
    const mock = spawnMockApi(['--port', '0', '--json', '--account-id', 'acct', '--api-key', 'k3y']);
    const ready = await mock.lines.waitFor((l) => l.type === 'ready');
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/2\.1$/);
    const base = ready.url as string;
    const origin = base.replace(/\/2\.1$/, '');

    const noAuth = await fetch(`${base}/business/documents/${UUID}/ORDER.xml`);
    expect(noAuth.status).toBe(401);
    expect(noAuth.headers.get('www-authenticate')).toBe('Basic realm="ITscope API"');
    const wrong = await fetch(`${base}/business/documents/${UUID}/ORDER.xml`, { headers: auth('acct', 'nope') });
    expect(wrong.status).toBe(401);

    // ITscope's guide example keeps the static fixtures; INVOICE.pdf is the static sample for any deal.
    for (const [path, file, type] of [
      [`/2.0/business/documents/${FIXTURE_TRANSACTION_ID}/DISPATCHNOTIFICATION.xml`, 'DISPATCHNOTIFICATION.xml', 'application/xml; charset=utf-8'],
      [`/2.1/business/documents/${FIXTURE_TRANSACTION_ID}/ORDER.xml`, 'ORDER.xml', 'application/xml; charset=utf-8'],
      [`/2.1/business/documents/${UUID}/INVOICE.pdf`, 'INVOICE.pdf', 'application/pdf'],
    ] as const) {
      const r = await fetch(`${origin}${path}`, { headers: auth('acct', 'k3y') });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe(type);
      expect(Buffer.from(await r.arrayBuffer()).equals(fixture(file))).toBe(true);
    }
    // Any other transactionId: the synthetic deal's document, built from the id alone.
    for (const id of [UUID, 'not-a-uuid']) {
      const r = await fetch(`${origin}/2.1/business/documents/${id}/ORDER.xml`, { headers: auth('acct', 'k3y') });
      expect(r.status).toBe(200);
      expect(await r.text()).toBe(dealDocument(id, 'ORDER'));
    }
    // Each 404 says it comes from the local stand-in, and what it serves instead.
    const notFound = [
      [
        `/2.1/business/documents/${UUID}/QUOTATION.xml`,
        /^the local stand-in for the ITscope API \(itscope-hooks mock-api\) has no QUOTATION\.xml for this transaction; it serves ORDER, /,
      ],
      [`/2.1/business/documents/${UUID}/ORDER.pdf`, /has no ORDER\.pdf for this transaction; .* and INVOICE\.pdf\n$/],
      ['/2.2/other', /^the local stand-in for the ITscope API \(itscope-hooks mock-api\) serves only \/2\.1\/business\/documents\//],
      [`/business/documents/${UUID}/ORDER.xml`, /the API base must end in \/2\.1\n$/],
    ] as const;
    for (const [path, text] of notFound) {
      const r = await fetch(`${origin}${path}`, { headers: auth('acct', 'k3y') });
      expect(r.status).toBe(404);
      expect(await r.text()).toMatch(text);
    }

    await mock.lines.waitFor((l) => l.type === 'request' && l.path === `/business/documents/${UUID}/ORDER.xml`);
    expect(mock.lines.items.filter((l) => l.type === 'request').map((l) => l.status)).toEqual([401, 401, 200, 200, 200, 200, 200, 404, 404, 404, 404]);
    mock.child.kill('SIGTERM');
    expect(await mock.exited).toEqual({ code: 0, signal: null });
    if (!mock.child.stderr!.closed) await once(mock.child.stderr!, 'close');
    // A chosen key on the command line is visible to every user of the machine.
    expect(mock.stderr()).toContain('warning: a --api-key on the command line is visible in the process list and shell history');
    expect(mock.stderr()).not.toContain('k3y');
  });

  it('answers 503 "Rate Limit Exceeded" past --rate-limit requests per minute', async () => {
    const mock = spawnMockApi(['--port', '0', '--json', '--rate-limit', '2']);
    const { url } = await mock.lines.waitFor((l) => l.type === 'ready');
    const statuses: number[] = [];
    let body = '';
    for (let i = 0; i < 4; i++) {
      const r = await fetch(`${url}/business/documents/${UUID}/ORDER.xml`, { headers: auth('demo', 'demo-key') });
      statuses.push(r.status);
      body = await r.text();
    }
    expect(statuses).toEqual([200, 200, 503, 503]);
    expect(body.trim()).toBe('Rate Limit Exceeded');
    mock.child.kill('SIGINT');
    expect((await mock.exited).code).toBe(0);
  });

  it('human mode prints the base URL and how to point fetch-doc at it', async () => {
    const mock = spawnMockApi(['--port', '0']);
    const line = await mock.lines.waitFor((l) => l.type === 'text' && String(l.line).includes('export ITSCOPE_API_BASE='));
    expect(line.line).toMatch(/export ITSCOPE_API_BASE=http:\/\/127\.0\.0\.1:\d+\/2\.1 ITSCOPE_ACCOUNT_ID=demo ITSCOPE_API_KEY=demo-key/);
    mock.child.kill('SIGTERM');
    expect((await mock.exited).code).toBe(0);
  });

  it('a busy port or a bad --rate-limit is a usage error (exit 2)', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    const [busy, bad] = await Promise.all([runCli(['mock-api', '--port', String(port)]), runCli(['mock-api', '--port', '0', '--rate-limit', 'lots'])]);
    blocker.close();
    expect(busy.code).toBe(2);
    expect(busy.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--rate-limit "lots"');
  });

  it('an empty --host is a usage error (exit 2), never every interface', async () => {
    const r = await runCli(['mock-api', '--port', '0', '--host', '']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --host is empty\nfix: +use --host 127\.0\.0\.1/);
    await expect(startMockApi({ port: 0, host: '' })).rejects.toThrow(/host is empty/);
  });
});

describe('mock-api serves the suppliers’ document styles', () => {
  it('under supplier-<name>, byte for byte, without claiming a charset; fetch-doc --summary reads them', async () => {
    const api = await startMockApi({ port: 0 });
    const { dir, cleanup } = await tempDir();
    try {
      const auth = `Basic ${Buffer.from('demo:demo-key').toString('base64')}`;
      const res = await fetch(`${api.url}/business/documents/supplier-latin1/ORDER.xml`, { headers: { authorization: auth } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/xml');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.equals(readFileSync(new URL('../../fixtures/opentrans/suppliers/latin1-order.xml', import.meta.url)))).toBe(true);
      const missing = await fetch(`${api.url}/business/documents/supplier-latin1/INVOICE.xml`, { headers: { authorization: auth } });
      expect(missing.status).toBe(404);
      const result = await runCli(['fetch-doc', '--transaction-id', 'supplier-surcharges', '--type', 'INVOICE', '--stdout'], {
        env: { ITSCOPE_API_BASE: api.url, ITSCOPE_ACCOUNT_ID: 'demo', ITSCOPE_API_KEY: 'demo-key' },
      });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('<INVOICE');
      // A UTF-16 export passes the download's check and is summarized in its own encoding.
      const out = join(dir, 'utf16', 'ORDER.xml');
      const utf16 = await runCli(['fetch-doc', '--transaction-id', 'supplier-utf16', '--type', 'ORDER', '--out', out, '--summary'], {
        env: { ITSCOPE_API_BASE: api.url, ITSCOPE_ACCOUNT_ID: 'demo', ITSCOPE_API_KEY: 'demo-key' },
      });
      expect(utf16.code, utf16.stderr).toBe(0);
      expect(readFileSync(out).equals(readFileSync(new URL('../../fixtures/opentrans/suppliers/utf16-order.xml', import.meta.url)))).toBe(true);
      expect(utf16.stdout).toContain('ORDER WX-2024-55102 (openTRANS 2.1)');
      expect(utf16.stdout).toMatch(/buyer +Schäfer IT-Dienstleistungen GmbH \(KD-77310\)/);
    } finally {
      await api.close();
      await cleanup();
    }
  });
});
