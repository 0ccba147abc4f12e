import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer, connect as netConnect } from 'node:net';
import { dirname, join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocType } from '../../src/core/payload-schema.js';
import { FULL_XML_CHECK_BYTES, rootName } from '../../src/documents/body-check.js';
import { downloadDocument } from '../../src/documents/download.js';
import { basicAuth } from '../../src/http/basic-auth.js';
import { createDispatcher } from '../../src/http/dispatcher.js';
import { userAgent } from '../../src/http/user-agent.js';
import { FIXTURE_TRANSACTION_ID } from '../../src/mock-api/documents.js';
import { type MockApi, startMockApi } from '../../src/mock-api/server.js';
import { fetchFailure as failure, fixtureDocuments, startScriptedServer, testClient } from '../support/mock-api-helpers.js';
import { closedPort } from '../support/ports.js';
import { tempDir } from '../support/temp-dir.js';
import { makeSelfSignedCert } from '../support/tls.js';

const UUID = '0b7d3f7e-1111-4222-8333-444455556666';
const fixture = (file: string) => readFileSync(new URL(`../../fixtures/opentrans/${file}`, import.meta.url));

let api: MockApi;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  api = await startMockApi({ rateLimit: 10_000, documents: fixtureDocuments() });
  ({ dir, cleanup } = await tempDir('fetch-doc-client-'));
});
afterAll(async () => {
  await api.close();
  await cleanup();
});

describe('document client against the mock API', () => {
  it.each([
    ['ORDER', 'xml'],
    ['ORDERRESPONSE', 'xml'],
    ['DISPATCHNOTIFICATION', 'xml'],
    ['INVOICE', 'xml'],
    ['INVOICE', 'pdf'],
  ] as const)('downloads %s.%s with Basic Auth, User-Agent and Accept', async (docType, format) => {
    const { client, close } = testClient(api.url);
    const path = join(dir, 'each', `${docType}.${format}`);
    const before = api.requests.length;
    const result = await downloadDocument(client, { transactionId: FIXTURE_TRANSACTION_ID, docType: docType as DocType, format }, { kind: 'file', path });
    await close();
    expect(result).toMatchObject({ status: 'downloaded', path, bytes: fixture(`${docType}.${format}`).length, fullyChecked: true });
    expect(readFileSync(path).equals(fixture(`${docType}.${format}`))).toBe(true);
    expect(existsSync(`${path}.part`)).toBe(false);
    const seen = api.requests.slice(before);
    expect(seen).toEqual([
      {
        method: 'GET',
        path: `/2.1/business/documents/${FIXTURE_TRANSACTION_ID}/${docType}.${format}`,
        status: 200,
        withAuthorization: true,
        userAgent: userAgent(),
      },
    ]);
  });

  it('sends exactly Basic base64(accountId:apiKey) and the Accept of the format', async () => {
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end('%PDF-1.4 tiny');
    });
    const { client, close } = testClient(`${server.origin}/2.0`, { accountId: 'acct', apiKey: 's3cret:with colon' });
    const result = await downloadDocument(
      client,
      { transactionId: 'T 1/2', docType: 'INVOICE', format: 'pdf' },
      { kind: 'file', path: join(dir, 'auth', 'INVOICE.pdf') },
    );
    await close();
    await server.close();
    expect(result.status).toBe('downloaded');
    expect(server.seen[0]?.path).toBe('/2.0/business/documents/T%201%2F2/INVOICE.pdf');
    expect(server.seen[0]?.headers.authorization).toBe(basicAuth('acct', 's3cret:with colon'));
    expect(server.seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('acct:s3cret:with colon').toString('base64')}`);
    expect(server.seen[0]?.headers.accept).toBe('application/pdf');
  });

  it('wrong credentials: 401 is an auth failure that stops a batch, naming where the credentials came from', async () => {
    const { client, close } = testClient(api.url, {
      apiKey: 'wrong',
      credentialSources: { accountId: 'command-line flag', apiKey: 'environment variable ITSCOPE_API_KEY' },
    });
    const before = api.requests.length;
    const error = await failure(
      downloadDocument(client, { transactionId: UUID, docType: 'ORDER', format: 'xml' }, { kind: 'file', path: join(dir, '401', 'ORDER.xml') }),
    );
    await close();
    expect(error).toMatchObject({ kind: 'auth', status: 401, fatal: true });
    expect(error.message).toContain('check your Account ID and API key');
    expect(error.message).toContain('environment variable ITSCOPE_API_KEY');
    expect(error.message).not.toContain('wrong');
    expect(api.requests.length - before).toBe(1);
    expect(existsSync(join(dir, '401', 'ORDER.xml'))).toBe(false);
  });

  it('404 from ITscope (a host not on this machine): not available (yet), try again later', async () => {
    // The API's host name is not this machine; the connection still goes to the local mock API.
    const dispatcher = new Agent({
      connect: (_options, callback) => {
        const socket = netConnect(api.port, '127.0.0.1');
        socket.once('connect', () => callback(null, socket));
        socket.once('error', (error) => callback(error, null));
        return socket;
      },
    });
    const { client } = testClient(`http://api.example.test:${api.port}/2.1`, { dispatcher });
    const error = await failure(
      downloadDocument(client, { transactionId: 'UNKNOWN-2', docType: 'ORDER', format: 'xml' }, { kind: 'file', path: join(dir, '404-itscope', 'ORDER.xml') }),
    );
    await dispatcher.close();
    expect(error).toMatchObject({ kind: 'not-found', status: 404 });
    expect(error.message).toBe('ITscope answered 404: the ORDER.xml of transaction UNKNOWN-2 is not available (yet)');
    expect(error.hint).toMatch(/^ITscope may not have created it yet: try again later/);
  });

  it('404 from a stand-in on this machine: its answer, not retried', async () => {
    const { client, close } = testClient(api.url);
    const before = api.requests.length;
    const error = await failure(
      downloadDocument(client, { transactionId: 'UNKNOWN-1', docType: 'ORDER', format: 'xml' }, { kind: 'file', path: join(dir, '404', 'ORDER.xml') }),
    );
    await close();
    expect(error).toMatchObject({ kind: 'not-found', status: 404, fatal: false });
    expect(error.message).toContain('answered 404: the local stand-in for the ITscope API (itscope-hooks mock-api) has no ORDER.xml');
    expect(error.hint).toMatch(/is on this machine .*not ITscope/);
    expect(api.requests.length - before).toBe(1);
  });

  it('503 rate limit: stops at once, makes no retry, explains the 30-minute block', async () => {
    const limited = await startMockApi({ rateLimit: 2, documents: fixtureDocuments() });
    const { client, close } = testClient(limited.url, {});
    const doc = { transactionId: UUID, docType: 'ORDER' as const, format: 'xml' as const };
    await downloadDocument(client, doc, { kind: 'file', path: join(dir, '503', 'a.xml') });
    await downloadDocument(client, doc, { kind: 'file', path: join(dir, '503', 'b.xml') });
    const error = await failure(downloadDocument(client, doc, { kind: 'file', path: join(dir, '503', 'c.xml') }, { attempts: 5, backoffMs: 1 }));
    await close();
    await limited.close();
    expect(error).toMatchObject({ kind: 'rate-limit', status: 503, fatal: true, retryable: false });
    expect(error.message).toContain('Rate Limit Exceeded');
    expect(error.message).toContain('30 minutes');
    expect(limited.requests.map((r) => r.status)).toEqual([200, 200, 503]);
  });

  it('a flaky 502 is retried with backoff, then succeeds', async () => {
    const server = await startScriptedServer((_req, res, n) => {
      if (n === 1) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('Bad Gateway');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(fixture('ORDER.xml'));
    });
    const { client, close } = testClient(`${server.origin}/2.1`);
    const retries: number[] = [];
    const result = await downloadDocument(
      client,
      { transactionId: UUID, docType: 'ORDER', format: 'xml' },
      { kind: 'file', path: join(dir, '502', 'ORDER.xml') },
      {
        backoffMs: 20,
        onRetry: (r) => retries.push(r.attempt),
      },
    );
    await close();
    await server.close();
    expect(result.status).toBe('downloaded');
    expect(retries).toEqual([1]);
    expect(server.seen).toHaveLength(2);
  });

  it('gives up after the bounded attempts on a server that keeps failing', async () => {
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(504);
      res.end();
    });
    const { client, close } = testClient(`${server.origin}/2.1`);
    const error = await failure(
      downloadDocument(
        client,
        { transactionId: UUID, docType: 'ORDER', format: 'xml' },
        { kind: 'file', path: join(dir, '504', 'ORDER.xml') },
        { attempts: 3, backoffMs: 5 },
      ),
    );
    await close();
    await server.close();
    expect(error).toMatchObject({ kind: 'http', status: 504 });
    expect(server.seen).toHaveLength(3);
  });

  it('a redirect to another origin is followed without Authorization', async () => {
    const storage = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(fixture('INVOICE.xml'));
    });
    const apiServer = await startScriptedServer((_req, res) => {
      res.writeHead(302, { location: `${storage.origin}/signed/INVOICE.xml?sig=abc` });
      res.end();
    });
    const events: Array<{ withCredentials: boolean }> = [];
    const { client, close } = testClient(`${apiServer.origin}/2.1`, { onEvent: (e) => events.push(e) });
    const path = join(dir, 'redirect', 'INVOICE.xml');
    const result = await downloadDocument(client, { transactionId: UUID, docType: 'INVOICE', format: 'xml' }, { kind: 'file', path });
    await close();
    await storage.close();
    await apiServer.close();
    expect(result.status).toBe('downloaded');
    expect(readFileSync(path).equals(fixture('INVOICE.xml'))).toBe(true);
    expect(apiServer.seen[0]?.headers.authorization).toMatch(/^Basic /);
    expect(storage.seen).toHaveLength(1);
    expect(storage.seen[0]?.path).toBe('/signed/INVOICE.xml?sig=abc');
    expect(storage.seen[0]?.headers.authorization).toBeUndefined();
    expect(storage.seen[0]?.headers['user-agent']).toBe(userAgent());
    expect(events).toEqual([expect.objectContaining({ withCredentials: false })]);
  });

  it('a redirect from https to plain http is refused, and that server never sees a request', async () => {
    const plain = await startScriptedServer((_req, res) => res.end('<ORDER/>'));
    const { cert, key } = await makeSelfSignedCert();
    const tls = createHttpsServer({ cert, key }, (_req, res) => {
      res.writeHead(302, { location: `${plain.origin}/ORDER.xml` });
      res.end();
    });
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    const dispatcher = new Agent({ connect: { ca: cert } });
    const { client, close } = testClient(`https://127.0.0.1:${(tls.address() as AddressInfo).port}/2.1`, { dispatcher });
    const error = await failure(
      downloadDocument(client, { transactionId: UUID, docType: 'ORDER', format: 'xml' }, { kind: 'file', path: join(dir, 'downgrade', 'ORDER.xml') }),
    );
    await close();
    await dispatcher.close();
    tls.closeAllConnections();
    await new Promise((resolve) => tls.close(resolve));
    await plain.close();
    expect(error.kind).toBe('redirect');
    expect(error.message).toContain('refused a redirect from https to plain http');
    expect(plain.seen).toEqual([]);
  });

  it('a same-origin redirect keeps Authorization; redirect loops are bounded', async () => {
    const server = await startScriptedServer((req, res) => {
      if (req.url?.startsWith('/2.1/')) {
        res.writeHead(307, { location: '/moved/ORDER.xml' });
        res.end();
      } else if (req.url === '/moved/ORDER.xml') {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(fixture('ORDER.xml'));
      } else {
        res.writeHead(302, { location: '/loop' });
        res.end();
      }
    });
    const { client, close } = testClient(`${server.origin}/2.1`);
    const ok = await downloadDocument(client, { transactionId: UUID, docType: 'ORDER', format: 'xml' }, { kind: 'file', path: join(dir, 'same', 'ORDER.xml') });
    expect(ok.status).toBe('downloaded');
    expect(server.seen[1]?.headers.authorization).toMatch(/^Basic /);
    const { client: loopClient, close: closeLoop } = testClient(`${server.origin}/loop-base`);
    const error = await failure(
      downloadDocument(loopClient, { transactionId: UUID, docType: 'ORDER', format: 'xml' }, { kind: 'file', path: join(dir, 'same', 'loop.xml') }),
    );
    await close();
    await closeLoop();
    await server.close();
    expect(error.kind).toBe('redirect');
    expect(error.message).toContain('more than 3 redirects');
  });

  it('an interrupted download leaves neither a final file nor a .part file', async () => {
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml', 'content-length': '100000' });
      res.write(`<?xml version="1.0"?><ORDER>${'x'.repeat(5000)}`);
      setImmediate(() => res.socket?.destroy());
    });
    const { client, close } = testClient(`${server.origin}/2.1`);
    const path = join(dir, 'cut', 'ORDER.xml');
    const error = await failure(
      downloadDocument(client, { transactionId: UUID, docType: 'ORDER', format: 'xml' }, { kind: 'file', path }, { attempts: 2, backoffMs: 5 }),
    );
    await close();
    await server.close();
    expect(error.kind).toBe('network');
    expect(server.seen).toHaveLength(2);
    expect(await readdir(join(dir, 'cut'))).toEqual([]);
  });

  it('a body that is not well-formed XML is kept as .error and fails', async () => {
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end('<?xml version="1.0"?><ORDER><ORDER_HEADER></ORDER>');
    });
    const { client, close } = testClient(`${server.origin}/2.1`);
    const path = join(dir, 'bad', 'ORDER.xml');
    const error = await failure(downloadDocument(client, { transactionId: UUID, docType: 'ORDER', format: 'xml' }, { kind: 'file', path }));
    await close();
    await server.close();
    expect(error.kind).toBe('content');
    expect(error.message).toContain('not well-formed');
    expect(error.errorPath).toBe(`${path}.error`);
    expect(await readdir(join(dir, 'bad'))).toEqual(['ORDER.xml.error']);
  });

  it('an HTML answer (wrong content type) is kept as .error and fails', async () => {
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Login</body></html>');
    });
    const { client, close } = testClient(`${server.origin}/2.1`);
    const path = join(dir, 'html', 'ORDER.xml');
    const error = await failure(downloadDocument(client, { transactionId: UUID, docType: 'ORDER', format: 'xml' }, { kind: 'file', path }));
    await close();
    await server.close();
    expect(error.message).toContain('expected XML, got content type text/html');
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.error`)).toBe(true);
  });

  it('a well-formed HTML page without a content type is refused as not a document', async () => {
    const server = await startScriptedServer((_req, res) => {
      res.removeHeader('content-type');
      res.end('<!DOCTYPE html>\n<html><body><p>Please log in</p></body></html>');
    });
    const { client, close } = testClient(`${server.origin}/2.1`);
    const path = join(dir, 'login', 'ORDER.xml');
    const error = await failure(downloadDocument(client, { transactionId: UUID, docType: 'ORDER', format: 'xml' }, { kind: 'file', path }));
    await close();
    await server.close();
    expect(error.message).toContain('an HTML page, not an openTRANS document');
    expect(existsSync(path)).toBe(false);
  });

  it('finds the root element name past the declaration, comments and a DOCTYPE', () => {
    expect(rootName(fixture('ORDER.xml').toString('utf8'))).toBe('ORDER');
    expect(rootName('<?xml version="1.0"?>\n<!-- a -->\n<!DOCTYPE x>\n<ot:INVOICE xmlns:ot="u"/>')).toBe('ot:INVOICE');
    expect(rootName('<!-- never closed')).toBeUndefined();
  });

  // Windows ERPs export UTF-16 (every XML reader must read it): with a byte-order mark, or without one after `<?xml … encoding="UTF-16"?>`.
  const utf16 = (text: string, order: 'le' | 'be', bom: boolean): Buffer => {
    const le = Buffer.from(text, 'utf16le');
    const bytes = order === 'le' ? le : Buffer.from(le).swap16();
    return bom ? Buffer.concat([Buffer.from(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), bytes]) : bytes;
  };
  const downloadBody = async (name: string, body: Buffer | Buffer[]) => {
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      for (const piece of Array.isArray(body) ? body : [body]) res.write(piece);
      res.end();
    });
    const { client, close } = testClient(`${server.origin}/2.1`);
    const path = join(dir, name, 'ORDER.xml');
    const outcome = await downloadDocument(client, { transactionId: UUID, docType: 'ORDER', format: 'xml' }, { kind: 'file', path }).catch(
      (error: unknown) => error as Error,
    );
    await close();
    await server.close();
    return { outcome, path };
  };

  it.each([
    ['le', true],
    ['be', true],
    ['le', false],
    ['be', false],
  ] as const)('a UTF-16%s document (byte-order mark: %s) is checked as UTF-16 and saved byte for byte', async (order, bom) => {
    const xml = fixture('ORDER.xml').toString('utf8').replace('encoding="UTF-8"', 'encoding="UTF-16"');
    const bytes = utf16(xml, order, bom);
    const { outcome, path } = await downloadBody(`utf16-${order}-${bom}`, bytes);
    expect(outcome).toMatchObject({ status: 'downloaded', bytes: bytes.length, fullyChecked: true });
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it.each([
    ['an HTML page', '<html><body>Please log in</body></html>', 'an HTML page, not an openTRANS document'],
    ['XML that is not well-formed', '<?xml version="1.0" encoding="UTF-16"?><ORDER><ORDER_HEADER></ORDER>', 'not well-formed'],
    ['text that is not XML', 'Rate Limit Exceeded', 'does not start with "<"'],
  ])('in UTF-16, %s is still refused', async (_what, text, message) => {
    const { outcome, path } = await downloadBody(`utf16-bad-${message.length}`, utf16(text, 'le', true));
    expect((outcome as Error).message).toContain(message);
    expect(existsSync(path)).toBe(false);
  });

  it('a UTF-16 document larger than the full-check limit is judged at its ends in UTF-16: whole, or cut off', async () => {
    const filler = utf16('<A>1</A>'.repeat(128 * 1024), 'le', false);
    const pieces = Array.from({ length: Math.ceil(FULL_XML_CHECK_BYTES / filler.length) + 1 }, () => filler);
    const head = utf16('<?xml version="1.0" encoding="UTF-16"?><ORDER>', 'le', true);
    const whole = await downloadBody('utf16-big', [head, ...pieces, utf16('</ORDER>\r\n', 'le', false)]);
    expect(whole.outcome).toMatchObject({ status: 'downloaded', fullyChecked: false });
    const cut = await downloadBody('utf16-big-cut', [head, ...pieces, utf16('</ORDER', 'le', false)]);
    expect((cut.outcome as Error).message).toContain('the XML is cut off');
    expect(existsSync(cut.path)).toBe(false);
  });

  it('a document larger than the full-check limit streams through and is checked at its ends', async () => {
    const filler = Buffer.alloc(1024 * 1024, '<A>1</A>');
    const chunks = Math.ceil(FULL_XML_CHECK_BYTES / filler.length) + 1;
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.write('<?xml version="1.0"?><ORDER>');
      for (let i = 0; i < chunks; i++) res.write(filler);
      res.end('</ORDER>\n');
    });
    const { client, close } = testClient(`${server.origin}/2.1`);
    const path = join(dir, 'big', 'ORDER.xml');
    const result = await downloadDocument(client, { transactionId: UUID, docType: 'ORDER', format: 'xml' }, { kind: 'file', path });
    await close();
    await server.close();
    expect(result.bytes).toBeGreaterThan(FULL_XML_CHECK_BYTES);
    expect(result.fullyChecked).toBe(false);
    expect(existsSync(path)).toBe(true);
  });

  it('an existing file is skipped without a request; force fetches again', async () => {
    const path = join(dir, 'exists', 'ORDER.xml');
    const { client, close } = testClient(api.url);
    const doc = { transactionId: UUID, docType: 'ORDER' as const, format: 'xml' as const };
    await downloadDocument(client, doc, { kind: 'file', path });
    await writeFile(path, 'local edits');
    const before = api.requests.length;
    const skipped = await downloadDocument(client, doc, { kind: 'file', path });
    expect(skipped).toMatchObject({ status: 'skipped', bytes: 11 });
    expect(api.requests.length).toBe(before);
    const forced = await downloadDocument(client, doc, { kind: 'file', path, force: true });
    await close();
    expect(forced.status).toBe('downloaded');
    expect(readFileSync(path).equals(fixture('ORDER.xml'))).toBe(true);
  });

  it('a server that never answers times out', async () => {
    const server = await startScriptedServer(() => {
      // never answers
    });
    const { client, close } = testClient(`${server.origin}/2.1`, { timeoutMs: 200 });
    const error = await failure(
      downloadDocument(
        client,
        { transactionId: UUID, docType: 'ORDER', format: 'xml' },
        { kind: 'file', path: join(dir, 'slow', 'ORDER.xml') },
        { attempts: 1 },
      ),
    );
    await close();
    await server.close();
    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(true);
  });
});

describe('the download never replaces what it must not', () => {
  const doc = { transactionId: UUID, docType: 'ORDER' as const, format: 'xml' as const };

  it('a folder under the final name is a local problem (kind file) before any request, with or without force', async () => {
    const path = join(dir, 'folder-in-way', 'ORDER.xml');
    await mkdir(path, { recursive: true });
    const { client, close } = testClient(api.url);
    const before = api.requests.length;
    for (const force of [false, true]) {
      const error = await failure(downloadDocument(client, doc, { kind: 'file', path, force }));
      expect(error).toMatchObject({ kind: 'file', retryable: false });
      expect(error.message).toBe(`${path} is a folder, not a regular file: fetch-doc replaces only regular files, with or without --force`);
      expect(error.hint).toBe(`remove or rename ${path}, or choose another file with --out`);
    }
    await close();
    expect(api.requests.length).toBe(before);
    expect((await lstat(path)).isDirectory()).toBe(true);
  });

  it('a symbolic link under the final name is refused even with force; its target is never written', async () => {
    const target = join(dir, 'link-target.xml');
    await writeFile(target, 'precious');
    const path = join(dir, 'link-in-way', 'ORDER.xml');
    await mkdir(dirname(path), { recursive: true });
    await symlink(target, path);
    const { client, close } = testClient(api.url);
    const error = await failure(downloadDocument(client, doc, { kind: 'file', path, force: true }));
    await close();
    expect(error.kind).toBe('file');
    expect(error.message).toContain('is a symbolic link, not a regular file');
    expect(await readlink(path)).toBe(target);
    expect(await readFile(target, 'utf8')).toBe('precious');
  });

  it('a link planted under the old temporary name (<file>.part) is never written through', async () => {
    const outside = join(dir, 'planted-target.txt');
    await writeFile(outside, 'do not touch');
    const path = join(dir, 'planted', 'ORDER.xml');
    await mkdir(dirname(path), { recursive: true });
    await symlink(outside, `${path}.part`);
    const { client, close } = testClient(api.url);
    const result = await downloadDocument(client, doc, { kind: 'file', path });
    await close();
    expect(result.status).toBe('downloaded');
    expect(await readFile(outside, 'utf8')).toBe('do not touch');
    expect((await lstat(path)).isFile()).toBe(true);
    expect(readFileSync(path).equals(fixture('ORDER.xml'))).toBe(true);
  });

  it('a file that appears while the body streams is not replaced without force (skipped); a folder that appears is a local problem; no temp file remains', async () => {
    const base = join(dir, 'appears');
    const server = await startScriptedServer((req, res) => {
      // Someone else writes the same name while our download is under way.
      const path = join(base, req.url?.includes('/FILE/') ? 'file' : 'folder', 'ORDER.xml');
      if (req.url?.includes('/FILE/')) writeFileSync(path, 'theirs');
      else mkdirSync(path);
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(fixture('ORDER.xml'));
    });
    const { client, close } = testClient(`${server.origin}/2.1`);
    await mkdir(join(base, 'file'), { recursive: true });
    await mkdir(join(base, 'folder'), { recursive: true });
    const skipped = await downloadDocument(client, { ...doc, transactionId: 'FILE' }, { kind: 'file', path: join(base, 'file', 'ORDER.xml') });
    const error = await failure(downloadDocument(client, { ...doc, transactionId: 'FOLDER' }, { kind: 'file', path: join(base, 'folder', 'ORDER.xml') }));
    await close();
    await server.close();
    expect(skipped).toMatchObject({ status: 'skipped', bytes: 'theirs'.length });
    expect(await readFile(join(base, 'file', 'ORDER.xml'), 'utf8')).toBe('theirs');
    expect(error).toMatchObject({ kind: 'file' });
    expect(error.message).toContain('is a folder, not a regular file');
    expect(await readdir(join(base, 'file'))).toEqual(['ORDER.xml']);
    expect(await readdir(join(base, 'folder'))).toEqual(['ORDER.xml']);
  });
});

describe('the download through a proxy', () => {
  const doc = { transactionId: UUID, docType: 'ORDER' as const, format: 'xml' as const };
  const noProxy = { HTTP_PROXY: undefined, http_proxy: undefined, HTTPS_PROXY: undefined, https_proxy: undefined, NO_PROXY: undefined, no_proxy: undefined };

  it('a proxy that cannot be reached is a proxy failure naming host:port and the variable, never the credentials; it stops a batch', async () => {
    const closed = createNetServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const dispatcher = createDispatcher({ env: { ...noProxy, HTTP_PROXY: `http://pu:proxy-pass-1@127.0.0.1:${port}` }, connections: 1 });
    // An API host that is not on this machine: requests to it go through the proxy.
    const { client, close } = testClient('http://api.example.test:8080/2.1', { dispatcher });
    const error = await failure(downloadDocument(client, doc, { kind: 'file', path: join(dir, 'proxy-down', 'ORDER.xml') }, { attempts: 2, backoffMs: 1 }));
    await close();
    await dispatcher.close();
    expect(error).toMatchObject({ kind: 'proxy', fatal: true });
    expect(error.message).toBe(`could not reach the proxy 127.0.0.1:${port} (from HTTP_PROXY): ECONNREFUSED; api.example.test was not contacted`);
    expect(error.hint).toContain('unset HTTP_PROXY');
    expect(error.hint).toContain('NO_PROXY');
    expect(`${error.message} ${error.hint}`).not.toContain('proxy-pass-1');
    expect(await readdir(join(dir, 'proxy-down'))).toEqual([]);
  });

  it('an API on this machine (the mock API) is reached directly, never through the proxy', async () => {
    const port = await closedPort();
    const dispatcher = createDispatcher({ env: { ...noProxy, HTTP_PROXY: `http://127.0.0.1:${port}`, HTTPS_PROXY: `http://127.0.0.1:${port}` } });
    const { client, close } = testClient(api.url, { dispatcher });
    const result = await downloadDocument(client, doc, { kind: 'file', path: join(dir, 'direct', 'ORDER.xml') });
    await close();
    await dispatcher.close();
    expect(result).toMatchObject({ status: 'downloaded' });
  });

  it('a proxy that wants credentials (407) is named as such, not blamed on the API host', async () => {
    const proxy = createHttpServer();
    proxy.on('connect', (_req, socket) => socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="p"\r\n\r\n'));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as AddressInfo).port;
    const dispatcher = createDispatcher({ env: { ...noProxy, HTTP_PROXY: `http://127.0.0.1:${port}` } });
    const { client, close } = testClient('http://api.example.test:8080/2.1', { dispatcher });
    const error = await failure(downloadDocument(client, doc, { kind: 'file', path: join(dir, 'proxy-407', 'ORDER.xml') }, { attempts: 3, backoffMs: 1 }));
    await close();
    await dispatcher.close();
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
    expect(error).toMatchObject({ kind: 'proxy', retryable: false });
    expect(error.message).toBe(`the proxy 127.0.0.1:${port} (from HTTP_PROXY) wants credentials (407 Proxy Authentication Required)`);
    expect(error.hint).toContain(`http://user:password@127.0.0.1:${port}`);
  });
});
