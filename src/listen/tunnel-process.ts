/**
 * `listen --tunnel`, the process: finds the program on PATH, runs it under the guard
 * (tunnel-guard.ts), reads its stdout and stderr line by line, resolves once the public
 * URL is known (or the program failed, or the wait timed out), keeps its last lines for a
 * failure report, and stops it: when listen stops, and on listen's crash paths.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { scrub } from '../core/redact.js';
import { guardArgs } from './tunnel-guard.js';
import { missingProgramError, parseTunnelLine, TUNNEL_PROGRAMS, type TunnelChoice, type TunnelProgram, tunnelArgs } from './tunnel-output.js';

/** How many of the program's last lines a failure report shows. */
export const KEPT_LINES = 20;
/** A longer line is cut: cloudflared's first line alone is about 600 characters. */
const MAX_LINE = 300;
/** After SIGTERM, how long the program may take before SIGKILL. */
const GRACE_MS = 3_000;

function executableIn(dir: string, name: string, env: NodeJS.ProcessEnv): string | undefined {
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const ext of extensions) {
    const path = join(dir, name + ext);
    try {
      if (!statSync(path).isFile()) continue;
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The program's full path on PATH, or undefined. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? env.Path ?? '').split(delimiter)) {
    if (dir === '') continue;
    const found = executableIn(dir, name, env);
    if (found) return found;
  }
  return undefined;
}

/** The chosen program (or the first installed one for 'auto'), or a UserError saying how to install it. */
export function findTunnelProgram(choice: TunnelChoice, env: NodeJS.ProcessEnv): { program: TunnelProgram; executable: string } {
  for (const program of choice === 'auto' ? TUNNEL_PROGRAMS : [choice]) {
    const executable = findOnPath(program, env);
    if (executable) return { program, executable };
  }
  throw missingProgramError(choice);
}

/** Why the tunnel is not (or no longer) running, with what it printed last. */
export interface TunnelFailure {
  reason: string;
  /** The last error the program reported, if it reported one. */
  error: string | undefined;
  lines: string[];
}

export type TunnelOutcome = { ok: true; origin: string; connected: boolean } | ({ ok: false } & TunnelFailure);

export interface TunnelOptions {
  program: TunnelProgram;
  executable: string;
  /** http://host:port of the receiver. */
  target: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Values removed from every line kept or shown. */
  secrets: ReadonlyArray<string | undefined>;
}

export interface TunnelProcess {
  readonly args: string[];
  /** The program's process id, once it runs. */
  pid(): number | undefined;
  /** The public URL, or why there is none; on failure or timeout the program is already being stopped. */
  readonly ready: Promise<TunnelOutcome>;
  /** Called once if the program ends after it was ready, unless stop() ended it or its end was expected. */
  onLost(listener: (failure: TunnelFailure) => void): void;
  /**
   * listen is stopping: an end from now on is no loss. (Ctrl-C in a terminal reaches the
   * program too, and it may end before listen has drained its requests and calls stop().)
   */
  expectEnd(): void;
  /** Stops the program (SIGTERM, then SIGKILL) and resolves when it and its guard are gone. */
  stop(): Promise<void>;
}

/** The tunnel program's environment: listen's, without listen's own secrets (ITSCOPE_*). */
function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.toUpperCase().startsWith('ITSCOPE_')));
}

function ended(program: string, exit: { code: number | null; signal: string | null } | undefined, started: boolean): string {
  if (!exit) return started ? `${program} ended` : `${program} was stopped before it started`;
  return exit.signal ? `${program} was stopped by ${exit.signal}` : `${program} exited with status ${exit.code}`;
}

export function startTunnel(options: TunnelOptions): TunnelProcess {
  const { program, timeoutMs } = options;
  const args = tunnelArgs(program, options.target);
  const guard: ChildProcess = spawn(process.execPath, guardArgs(GRACE_MS, options.executable, args), {
    env: childEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let lastError: string | undefined;
  let lastErrorFinal = false;
  let origin: string | undefined;
  let childPid: number | undefined;
  let exit: { code: number | null; signal: string | null } | undefined;
  let spawnError: string | undefined;
  let succeeded = false;
  let state: 'starting' | 'ready' | 'failed' | 'stopping' | 'gone' = 'starting';
  // A loss before anyone listens (right after ready) is kept for the listener.
  let lostFailure: TunnelFailure | undefined;
  let lost: (failure: TunnelFailure) => void = (failure) => {
    lostFailure = failure;
  };
  let pidArrived: () => void = () => undefined;
  const pidKnown = new Promise<void>((resolve) => (pidArrived = resolve));
  let settle: (outcome: TunnelOutcome) => void = () => undefined;
  const ready = new Promise<TunnelOutcome>((resolve) => (settle = resolve));
  const failure = (reason: string): TunnelFailure => ({ reason, error: lastError, lines: [...lines] });

  // On listen's crash paths (an uncaught error, process.exit) only synchronous code runs.
  const onProcessExit = () => {
    if (childPid !== undefined && exit === undefined) safeKill(childPid, 'SIGKILL');
    guard.kill('SIGKILL');
  };
  process.on('exit', onProcessExit);

  const fail = (reason: string) => {
    if (state !== 'starting') return;
    state = 'failed';
    clearTimeout(timer);
    settle({ ok: false, ...failure(reason) });
    void stop();
  };
  const succeed = (connected: boolean) => {
    if (state !== 'starting' || origin === undefined) return;
    state = 'ready';
    succeeded = true;
    clearTimeout(timer);
    const outcome = { ok: true as const, origin, connected };
    // The pid comes on another pipe than the output: ready once both are in.
    void pidKnown.then(() => settle(outcome));
  };
  const timer = setTimeout(() => {
    if (origin !== undefined) succeed(false);
    else fail(`${program} printed no public URL within ${timeoutMs / 1000} s`);
  }, timeoutMs);

  const onLine = (raw: string) => {
    const line = scrub(raw, options.secrets);
    lines.push(line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line);
    if (lines.length > KEPT_LINES) lines.shift();
    const seen = parseTunnelLine(program, line);
    if (seen.kind === 'error' && (seen.final || !lastErrorFinal)) {
      lastError = seen.message;
      lastErrorFinal = seen.final;
    } else if (seen.kind === 'url') {
      origin ??= seen.url;
      // ngrok reports a started tunnel; cloudflared prints the URL before it connects.
      if (program === 'ngrok') succeed(true);
    } else if (seen.kind === 'connected') succeed(true);
  };
  const read = (stream: Readable | null) => {
    if (stream) createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', onLine);
  };
  read(guard.stdout);
  read(guard.stderr);
  const control = guard.stdio[3] as Readable | null;
  if (control) {
    createInterface({ input: control }).on('line', (text) => {
      try {
        const message = JSON.parse(text) as { pid?: number; exit?: typeof exit; error?: string };
        if (typeof message.pid === 'number') {
          childPid = message.pid;
          pidArrived();
        }
        if (message.exit) exit = message.exit;
        if (typeof message.error === 'string') spawnError = message.error;
      } catch {
        // not from the guard
      }
    });
  }
  guard.stdin?.on('error', () => undefined);

  const gone = new Promise<void>((resolve) => {
    guard.on('error', (error) => {
      spawnError ??= error.message;
      resolve();
    });
    guard.on('close', () => resolve());
  });
  void gone.then(() => {
    pidArrived();
    process.off('exit', onProcessExit);
    clearTimeout(timer);
    const reason = spawnError ? `could not run ${options.executable}: ${spawnError}` : ended(program, exit, childPid !== undefined);
    if (state === 'starting') fail(spawnError ? reason : `${reason} before it printed its public URL`);
    else if (state === 'ready') lost(failure(reason));
    // Stopped while starting: whoever still waits for ready learns it now.
    if (!succeeded) settle({ ok: false, ...failure(reason) });
    state = 'gone';
  });

  let stopping: Promise<void> | undefined;
  function stop(): Promise<void> {
    stopping ??= (async () => {
      if (state === 'starting' || state === 'ready') state = 'stopping';
      clearTimeout(timer);
      guard.stdin?.end();
      guard.kill('SIGTERM');
      // The guard needs GRACE_MS at most; should it hang, both go by force.
      const force = setTimeout(() => {
        if (childPid !== undefined && exit === undefined) safeKill(childPid, 'SIGKILL');
        guard.kill('SIGKILL');
        guard.stdout?.destroy();
        guard.stderr?.destroy();
        control?.destroy();
      }, GRACE_MS + 2_000);
      await gone;
      clearTimeout(force);
    })();
    return stopping;
  }

  return {
    args,
    pid: () => childPid,
    ready,
    expectEnd() {
      if (state === 'ready') state = 'stopping';
    },
    onLost(listener) {
      lost = listener;
      if (lostFailure) listener(lostFailure);
    },
    stop,
  };
}

function safeKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}
