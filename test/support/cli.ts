// Runs the built binary as a user would, and collects what it printed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/itscope-hooks.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string | Buffer;
  /** Node binary; the one running the tests by default. */
  node?: string;
  /** Run under `ulimit -f` (512-byte blocks): writing a larger file fails with EFBIG, as on a full disk. */
  fileSizeLimit?: number;
}

/** A clean environment: no user config, no colors, no CI-specific behaviour unless asked. */
export function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };
  for (const key of Object.keys(env)) if (key.startsWith('ITSCOPE_')) delete env[key];
  delete env.PORT;
  return { ...env, ...extra };
}

/** The command line that runs the built binary, under `ulimit -f` when a file size limit is given. */
export function binCommand(args: string[], options: { node?: string; fileSizeLimit?: number | undefined } = {}): [string, string[]] {
  const node = options.node ?? process.execPath;
  return options.fileSizeLimit === undefined
    ? [node, [BIN, ...args]]
    : ['sh', ['-c', `ulimit -f ${options.fileSizeLimit} && exec "$@"`, 'sh', node, BIN, ...args]];
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const [command, argv] = binCommand(args, options);
    const child = spawn(command, argv, {
      cwd: options.cwd ?? ROOT,
      env: baseEnv(options.env) as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}
