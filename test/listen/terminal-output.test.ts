// listen's human output as a person sees it (the built binary): every line within the
// terminal's width (80 without a terminal, or COLUMNS), and --quiet for load tests.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { post, sampleBody, spawnListen } from '../support/listen-harness.js';
import { type SpawnedCli, spawnCli } from '../support/spawned.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let cleanup: () => Promise<void>;
const running: SpawnedCli[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('listen-terminal-'));
});

afterEach(async () => {
  for (const p of running.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await p.exited;
  }
  await cleanup();
});

/** listen with human output; resolves with its URL once the banner says where it listens. */
async function humanListen(args: string[], env: Record<string, string | undefined> = {}): Promise<{ p: SpawnedCli; url: string }> {
  const p = spawnCli(['listen', '--port', '0', ...args], { cwd: dir, env });
  running.push(p);
  const first = await Promise.race([
    p.lines.waitFor((l) => l.type === 'text' && l.line.startsWith('Listening for ITscope webhooks on ')),
    p.exited.then(() => {
      throw new Error(`listen exited:\n${p.stderr()}`);
    }),
  ]);
  return { p, url: first.line.slice('Listening for ITscope webhooks on '.length) };
}

const text = (p: SpawnedCli) => p.lines.items.map((l) => (l.type === 'text' ? l.line : JSON.stringify(l)));

describe('listen output fits the terminal', () => {
  it.each([80, 120])('at %i columns (COLUMNS): banner, webhook lines and the summary', async (columns) => {
    const { p, url } = await humanListen(['--max-events', '2', '--path', '/webhooks/itscope', '--forward-to', 'http://localhost:1/hooks'], {
      COLUMNS: String(columns),
    });
    const bad = JSON.parse(sampleBody('DELIVERY').text);
    bad.timestamp = '2026-01-01T10:00:00+01:00';
    bad.orderId = 'PO-2026-0000000000000000000042';
    expect((await post(url, 'not json')).status).toBe(400);
    for (const body of [sampleBody('ORDER').text, JSON.stringify(bad)]) {
      expect((await post(url, body, { headers: { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' } })).status).toBe(200);
    }
    expect((await p.exited).code).toBe(0);
    const lines = [...text(p), ...p.stderr().split('\n')];
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(columns);
    const all = lines.join('\n');
    expect(all).toContain('  Captures:   .itscope-hooks/captures');
    expect(all.replace(/\s+/g, ' ')).toContain('$.timestamp: timestamp carries a time zone; ITscope sends local time without one');
    if (columns === 80) expect(all).toMatch(/order PO-2026-0+… /);
    else expect(all).toContain('order PO-2026-0000000000000000000042');
  });
});

describe('listen --quiet', () => {
  it('prints no line per webhook, only the banner, warnings and the summary', async () => {
    const { p, url } = await humanListen(['--quiet', '--max-events', '2', '--user', 'hooks', '--password', 'pw-123456']);
    expect((await post(url, sampleBody().text, { auth: 'hooks:wrong' })).status).toBe(401);
    for (const type of ['ORDER', 'INVOICE'] as const) {
      expect((await post(url, sampleBody(type).text, { auth: 'hooks:pw-123456' })).status).toBe(200);
    }
    expect((await p.exited).code).toBe(0);
    const out = text(p).join('\n');
    expect(out).toContain('Listening for ITscope webhooks on');
    expect(out).not.toMatch(/ORDER|INVOICE| 401 /);
    expect(p.stderr()).toContain('warning: a --password on the command line is visible');
    expect(p.stderr()).toContain('Summary: 2 webhooks captured (ORDER 1, INVOICE 1)');
    expect(p.stderr()).toContain('rejected 1 (auth 1)');
  });

  it('with --json: the ready line and the summary, nothing in between', async () => {
    const p = spawnListen(['--quiet', '--max-events', '1', '--captures', join(dir, 'c')], { cwd: dir });
    running.push(p);
    const { url } = await p.ready;
    const sent = await runCli(['send', '--type', 'ORDER', '--url', url], { cwd: dir });
    expect(sent.code).toBe(0);
    expect((await p.exited).code).toBe(0);
    expect(p.lines.items.map((l) => l.type)).toEqual(['ready', 'summary']);
    expect(p.lines.items[1]).toMatchObject({ captured: 1, valid: 1, ok: true });
  });
});
