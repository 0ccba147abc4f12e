// docs/ci.md cannot rot: recipe (a)'s shell lines, taken from the page as they are, run
// with sh against a small real app, with the built CLI on the PATH; recipe (c) must run
// exactly those lines.
import { spawn } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BIN, baseEnv, ROOT, runCli } from '../support/cli.js';
import { readJunit } from '../support/junit.js';
import { closedPort } from '../support/ports.js';
import { tempDir } from '../support/temp-dir.js';

const page = await readFile(join(ROOT, 'docs', 'ci.md'), 'utf8');

/** The fenced block marked with title="name". */
function block(name: string): string {
  const fence = '```';
  const m = new RegExp(`${fence}\\w+ title="${name}"\\n([\\s\\S]*?)\\n${fence}`).exec(page);
  if (!m?.[1]) throw new Error(`docs/ci.md has no block marked title="${name}"`);
  return `${m[1]}\n`;
}

/** The app of the recipe: stores every webhook body it receives, answers 200 (or 500 with APP_FAILS=1). */
const APP = `const http = require('node:http');
const fs = require('node:fs');
fs.writeFileSync('app.pid', String(process.pid));
http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/webhooks/itscope') { res.writeHead(404); res.end(); return; }
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => {
    fs.appendFileSync('received.ndjson', body + '\\n');
    const fail = process.env.APP_FAILS === '1';
    res.writeHead(fail ? 500 : 200, { 'content-type': 'application/json' });
    res.end(fail ? '{"error":"database down"}' : '{"ok":true}');
  });
}).listen(Number(process.env.PORT));
`;

let work: { dir: string; cleanup: () => Promise<void> };

beforeEach(async () => {
  work = await tempDir('ci-recipe-');
  await writeFile(join(work.dir, 'app.js'), APP);
  // `itscope-hooks` on the PATH: a shim for the built CLI, as node_modules/.bin has one.
  const bin = join(work.dir, 'bin');
  await mkdir(bin);
  await writeFile(join(bin, 'itscope-hooks'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  await chmod(join(bin, 'itscope-hooks'), 0o755);
});

afterEach(async () => {
  // The recipe's trap stops the app; should a failed run leave it behind, stop it here.
  const pid = Number(await readFile(join(work.dir, 'app.pid'), 'utf8').catch(() => ''));
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone, as it should be
    }
  }
  await work.cleanup();
});

async function runRecipe(env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const port = await closedPort();
  const path = [join(work.dir, 'bin'), dirname(process.execPath), process.env.PATH ?? ''].join(delimiter);
  const child = spawn('sh', ['-c', block('recipe-a')], {
    cwd: work.dir,
    env: baseEnv({ PATH: path, PORT: String(port), CI: '1', ...env }) as NodeJS.ProcessEnv,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

describe('docs/ci.md', () => {
  it('recipe (a) plays three complete deals against the app and exits 0, with a clean JUnit report', async () => {
    const r = await runRecipe();
    expect(r.stderr).toContain('sending 3 deals (15 webhooks)');
    expect(r.code).toBe(0);
    // What the app received: three complete deals, no lifecycle problem.
    const check = await runCli(['validate', 'received.ndjson', '--lifecycle', '--strict', '--json'], { cwd: work.dir });
    expect(check.code).toBe(0);
    const deals = JSON.parse(check.stdout).deals as Array<{ complete: boolean; errors: unknown[]; warnings: unknown[] }>;
    expect(deals.map((d) => [d.complete, d.errors.length, d.warnings.length])).toEqual(Array(3).fill([true, 0, 0]));
    const report = await readJunit(join(work.dir, 'reports/itscope-webhooks.xml'));
    expect(report).toMatchObject({ name: 'itscope-hooks send', tests: 15, failures: 0, errors: 0 });
    expect(report.suites.map((s) => s.tests)).toEqual([5, 5, 5]);
  });

  it('recipe (a) exits 1 when the app does not answer 2xx, and the report names each failed webhook', async () => {
    const r = await runRecipe({ APP_FAILS: '1' });
    expect(r.code).toBe(1);
    const report = await readJunit(join(work.dir, 'reports/itscope-webhooks.xml'));
    expect(report).toMatchObject({ tests: 15, failures: 15 });
    expect(report.suites[0]?.cases[0]?.failure?.message).toBe('HTTP 500: {"error":"database down"}');
  });

  it('recipe (c) is a GitHub Actions workflow that runs recipe (a) unchanged and uploads its report', () => {
    const workflow = parseYaml(block('recipe-c')) as {
      jobs: Record<string, { env?: Record<string, unknown>; steps: Array<{ run?: string; uses?: string; with?: Record<string, unknown> }> }>;
    };
    const job = Object.values(workflow.jobs)[0];
    expect(job?.env?.PORT).toBeDefined();
    const run = job?.steps.find((s) => s.run?.includes('itscope-hooks send'))?.run ?? '';
    const recipe = block('recipe-a');
    expect(run).toBe(`export PATH="$PWD/node_modules/.bin:$PATH"\n${recipe}`);
    const report = /--junit (\S+)/.exec(recipe)?.[1];
    const upload = job?.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.path).toBe(report);
    const reporter = job?.steps.find((s) => s.uses?.startsWith('dorny/test-reporter@'));
    expect(reporter?.with).toMatchObject({ path: report, reporter: 'java-junit' });
  });
});
