// startTunnel and the PATH lookup, driven directly with small programs written into a temp dir.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findOnPath, findTunnelProgram, startTunnel, type TunnelProcess } from '../../src/listen/tunnel-process.js';
import { tempDir } from '../support/temp-dir.js';
import { isRunning } from '../support/tunnel-stand-ins.js';

let dir: string;
let cleanup: () => Promise<void>;
const started: TunnelProcess[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('tunnel-process-'));
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.stop()));
  await cleanup();
});

async function program(name: string, script: string, mode = 0o755): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${script}\n`);
  await chmod(path, mode);
  return path;
}

function start(executable: string, options: { timeoutMs?: number; secrets?: string[]; env?: NodeJS.ProcessEnv } = {}): TunnelProcess {
  const t = startTunnel({
    program: 'cloudflared',
    executable,
    target: 'http://127.0.0.1:8765',
    env: options.env ?? { PATH: process.env.PATH },
    timeoutMs: options.timeoutMs ?? 10_000,
    secrets: options.secrets ?? [],
  });
  started.push(t);
  return t;
}

const BOX = `echo "2026-08-20T10:00:01Z INF |  https://a-b-c.trycloudflare.com  |" >&2`;

describe('finding the program', () => {
  it('finds an executable file on PATH, skipping folders and files that cannot run', async () => {
    await mkdir(join(dir, 'a', 'ngrok'), { recursive: true });
    await mkdir(join(dir, 'b'));
    await mkdir(join(dir, 'c'));
    await writeFile(join(dir, 'b', 'ngrok'), 'not executable', { mode: 0o644 });
    await writeFile(join(dir, 'c', 'ngrok'), '#!/bin/sh\n', { mode: 0o755 });
    const PATH = ['', join(dir, 'a'), join(dir, 'b'), join(dir, 'c')].join(delimiter);
    expect(findOnPath('ngrok', { PATH })).toBe(join(dir, 'c', 'ngrok'));
    expect(findOnPath('cloudflared', { PATH })).toBeUndefined();
    expect(findTunnelProgram('auto', { PATH })).toEqual({ program: 'ngrok', executable: join(dir, 'c', 'ngrok') });
    expect(() => findTunnelProgram('cloudflared', { PATH })).toThrow('--tunnel cloudflared: cloudflared is not on PATH');
  });
});

describe('startTunnel', () => {
  it('gives the URL once cloudflared reports a connection', async () => {
    const t = start(await program('cf', `${BOX}\necho "2026-08-20T10:00:02Z INF Registered tunnel connection connIndex=0" >&2\nexec sleep 600`));
    expect(await t.ready).toEqual({ ok: true, origin: 'https://a-b-c.trycloudflare.com', connected: true });
    const pid = t.pid();
    expect(pid).toBeTypeOf('number');
    await t.stop();
    expect(await isRunning(pid as number)).toBe(false);
  });

  it('gives the URL without a connection when the wait ends, and says so', async () => {
    const t = start(await program('cf', `${BOX}\nexec sleep 600`), { timeoutMs: 200 });
    expect(await t.ready).toEqual({ ok: true, origin: 'https://a-b-c.trycloudflare.com', connected: false });
  });

  it('keeps the last lines, cut and with secrets removed, and the final error', async () => {
    const lines = Array.from({ length: 25 }, (_, i) => `echo "line ${i}" >&2`).join('\n');
    const t = start(
      await program(
        'cf',
        // All on stderr: lines of two pipes (stdout, stderr) arrive in no fixed order.
        `${lines}\necho "2026-08-20T10:00:00Z ERR token s3cret-token-value rejected" >&2\necho "failed to start: $(printf 'x%.0s' $(seq 400))" >&2\nexit 1`,
      ),
      { secrets: ['s3cret-token-value'] },
    );
    const outcome = await t.ready;
    expect(outcome).toMatchObject({ ok: false, reason: 'cloudflared exited with status 1 before it printed its public URL' });
    if (outcome.ok) return;
    expect(outcome.lines).toHaveLength(20);
    expect(outcome.lines).toContain('2026-08-20T10:00:00Z ERR token [redacted] rejected');
    expect(outcome.lines.join('\n')).not.toContain('s3cret-token-value');
    expect(outcome.lines.at(-1)).toMatch(/^failed to start: x{280,}…$/);
    expect(outcome.error).toMatch(/^failed to start: x+/);
  });

  it('passes the environment on without listen’s own ITSCOPE_* variables', async () => {
    const t = start(await program('cf', `echo "env: \${ITSCOPE_API_KEY:-none} \${OTHER_VAR:-none}" >&2\nexit 3`), {
      env: { PATH: process.env.PATH, ITSCOPE_API_KEY: 'api-secret', OTHER_VAR: 'kept' },
    });
    const outcome = await t.ready;
    expect(outcome).toMatchObject({ ok: false, lines: ['env: none kept'], reason: 'cloudflared exited with status 3 before it printed its public URL' });
  });

  it('settles ready when stopped while starting', async () => {
    const t = start(await program('cf', 'exec sleep 600'));
    await t.stop();
    // Depending on how far the guard got: the program was stopped, or never started.
    expect(await t.ready).toMatchObject({ ok: false, reason: expect.stringMatching(/^cloudflared was stopped (by SIGTERM|before it started)$/) });
  });

  it('says when the program cannot be run at all', async () => {
    const t = start(join(dir, 'missing-program'));
    expect(await t.ready).toMatchObject({ ok: false, reason: expect.stringMatching(/^could not run .*missing-program: .*ENOENT/) });
  });

  it('reports a program that ends after its URL to onLost, but not one that stop() ended', async () => {
    const t = start(await program('cf', `${BOX}\necho "2026-08-20T10:00:02Z INF Registered tunnel connection" >&2\nexec sleep 600`));
    const lost = new Promise((resolve) => t.onLost(resolve));
    expect(await t.ready).toMatchObject({ ok: true });
    process.kill(t.pid() as number, 'SIGTERM');
    expect(await lost).toMatchObject({ reason: 'cloudflared was stopped by SIGTERM' });

    const quiet = start(await program('cf2', `${BOX}\necho "2026-08-20T10:00:02Z INF Registered tunnel connection" >&2\nexec sleep 600`));
    let called = false;
    quiet.onLost(() => {
      called = true;
    });
    await quiet.ready;
    await quiet.stop();
    expect(called).toBe(false);
  });
});
