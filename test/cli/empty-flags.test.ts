// An empty flag value is a usage error naming the flag, for every command: the built
// binary, in an empty folder. Before, "" meant "not set" (--host '' bound every interface).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, baseEnv, runCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

let work: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  work = await tempDir('itscope-hooks-empty-');
});
afterAll(() => work.cleanup());

/** Runs the binary, killed after 10 s: without the check, `listen` and `mock-api` would serve. */
function runBounded(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: work.dir, env: baseEnv({ XDG_CONFIG_HOME: join(work.dir, 'xdg'), CI: '1', ...env }) as NodeJS.ProcessEnv, timeout: 10_000, killSignal: 'SIGKILL' },
      (error, _stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }),
    );
  });
}

describe('an empty flag value', () => {
  it.each([
    [['listen', '--port', '0', '--host', ''], '--host', /--host 127\.0\.0\.1 \(this machine only\) or --host 0\.0\.0\.0/],
    [['listen', '--port', '0', '--host='], '--host', /--host 127\.0\.0\.1/],
    [['mock-api', '--port', '0', '--host', ''], '--host', /--host 127\.0\.0\.1/],
    [['listen', '--port', ''], '--port', /leave the flag out/],
    [['listen', '--port', '0', '--timeout', '1', '--path', ''], '--path', /default \//],
    [['listen', '--port', '0', '--timeout', '1', '--user', '', '--password', 'pw'], '--user', /unset variable/],
    [['listen', '--port', '0', '--timeout', '1', '--captures', ''], '--captures', /leave the flag out/],
    [['listen', '--port', '0', '--timeout', '1', '--forward-to', ' '], '--forward-to', /leave the flag out/],
    [['send', '--dry-run', '--url', ''], '--url', /leave the flag out/],
    [['send', '--dry-run', '--type', 'ORDER', '--type', ''], '--type', /leave the flag out/],
    [['send', '--dry-run', '--status', ''], '--status', /leave the flag out/],
    [['send', '--dry-run', '--timeout', ''], '--timeout', /default 10s/],
    [['init', '--yes', '--user', ''], '--user', /leave the flag out/],
    [['init', '--yes', '--account-id', ''], '--account-id', /leave the flag out/],
  ])('%j exits 2 naming the flag', async (args, flag, hint) => {
    const r = await runBounded(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: ${flag} is empty\nfix: +`));
    expect(r.stderr).toMatch(hint);
  });

  it('an empty environment variable still means "not set"', async () => {
    const r = await runCli(['send', '--dry-run', '--json', '--type', 'ORDER'], {
      cwd: work.dir,
      env: { XDG_CONFIG_HOME: join(work.dir, 'xdg'), ITSCOPE_WEBHOOK_URL: '', ITSCOPE_WEBHOOK_USER: '' },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ eventType: 'ORDER' });
  });
});
