// Spawns `itscope-hooks mock-api` and parses its stdout lines (JSON or text).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { BIN, ROOT, baseEnv } from './cli.js';
import { Recorder } from './listen-harness.js';

export interface MockApiProcess {
  child: ChildProcess;
  lines: Recorder<any>;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnMockApi(args: string[]): MockApiProcess {
  const child = spawn(process.execPath, [BIN, 'mock-api', ...args], { cwd: ROOT, env: baseEnv() as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = new Recorder<any>();
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      lines.push(JSON.parse(line));
    } catch {
      lines.push({ type: 'text', line });
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, lines, stderr: () => stderr, exited };
}
