// A long-running command spawned from the built binary, with its stdout parsed line by line.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { baseEnv, binCommand, ROOT } from './cli.js';

/** Collects items and lets a test await the first one that matches (no sleeps). */
export class Recorder<T> {
  readonly items: T[] = [];
  private waiters: Array<{ match: (item: T) => boolean; resolve: (item: T) => void }> = [];
  push = (item: T): void => {
    this.items.push(item);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(item)) return true;
      w.resolve(item);
      return false;
    });
  };
  waitFor(match: (item: T) => boolean): Promise<T> {
    const found = this.items.find(match);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}

export interface SpawnedCli {
  child: ChildProcess;
  /** stdout lines: parsed JSON, or {type: 'text', line} for other lines. */
  lines: Recorder<any>;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SpawnOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Run under `ulimit -f` (512-byte blocks): a larger file fails with EFBIG. */
  fileSizeLimit?: number;
}

export function spawnCli(args: string[], options: SpawnOptions = {}): SpawnedCli {
  const [command, argv] = binCommand(args, options);
  const child = spawn(command, argv, {
    cwd: options.cwd ?? ROOT,
    env: baseEnv(options.env) as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, lines, stderr: () => stderr, exited };
}
