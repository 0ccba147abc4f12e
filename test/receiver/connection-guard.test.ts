// https mode is meant for direct internet exposure: connections that never start a TLS
// handshake are closed after the header limit (not Node's 120 s), and 1,000+ of them
// never lock out a sender — a newcomer takes the place of the oldest silent one.
import { writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver } from '../../src/receiver/server.js';
import { openCaptureReader } from '../../src/store/capture-reader.js';
import { CaptureStore } from '../../src/store/capture-store.js';
import { runCli } from '../support/cli.js';
import { type ListenProcess, rawSocket, readUntilClosed, spawnListen } from '../support/listen-harness.js';
import { tempDir } from '../support/temp-dir.js';
import { makeSelfSignedCert } from '../support/tls.js';

let dir: string;
let cleanup: () => Promise<void>;
let listen: ListenProcess | undefined;
const sockets: Socket[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('guard-'));
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  if (listen && listen.child.exitCode === null && listen.child.signalCode === null) listen.child.kill('SIGKILL');
  await listen?.exited;
  listen = undefined;
  await cleanup();
});

describe('connections that never start a TLS handshake', () => {
  it('are closed after the header limit', async () => {
    const store = await CaptureStore.open(join(dir, 'captures'));
    const receiver = await startReceiver({ store, port: 0, tls: await makeSelfSignedCert(), headersTimeoutMs: 300 });
    const silent = await rawSocket(receiver.port);
    sockets.push(silent);
    // Closed by the receiver without a byte: no handshake ever started.
    expect(await readUntilClosed(silent)).toBe('');
    await receiver.close({ graceMs: 100 });
    await store.close();
  });

  it('1,030 of them do not lock a sender out of listen --tls-cert', async () => {
    const pair = await makeSelfSignedCert();
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    await writeFile(cert, pair.cert);
    await writeFile(key, pair.key);
    const captures = join(dir, 'captures');
    listen = spawnListen(['--captures', captures, '--tls-cert', cert, '--tls-key', key]);
    const { port } = await listen.ready;
    for (let i = 0; i < 1030; i++) {
      const socket = await rawSocket(port);
      socket.on('error', () => undefined);
      sockets.push(socket);
    }
    const sent = await runCli(['send', '--url', `https://127.0.0.1:${port}/`, '--type', 'ORDER', '--ca', cert, '--json'], { cwd: dir });
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    const [result] = sent.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(result).toMatchObject({ eventType: 'ORDER', status: 200, ok: true });
    listen.child.kill('SIGTERM');
    expect((await listen.exited).code).toBe(0);
    expect((await openCaptureReader(captures)).all().map((c) => c.eventId)).toEqual([result.eventId]);
  });
});
