// Stand-ins for cloudflared and ngrok on PATH (tunnel-stand-in.mjs), and the "beacon"
// they report to, so a test can see what a stand-in was started with, steer it, and await
// its end (its connection closes when its process ends, also on SIGKILL).
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Recorder } from './spawned.js';

const SCRIPT = fileURLToPath(new URL('./tunnel-stand-in.mjs', import.meta.url));

/** Writes `cloudflared` and/or `ngrok` into dir: shell wrappers that exec the stand-in. */
export async function installStandIns(dir: string, programs: ReadonlyArray<'cloudflared' | 'ngrok'>): Promise<void> {
  for (const program of programs) {
    const path = join(dir, program);
    await writeFile(path, `#!/bin/sh\nexec "${process.execPath}" "${SCRIPT}" ${program} "$@"\n`);
    await chmod(path, 0o755);
  }
}

export interface StandIn {
  pid: number;
  program: string;
  args: string[];
  /** Names of ITSCOPE_* variables the stand-in saw in its environment. */
  env: string[];
  /** Sends a command: "go" (slow start goes on), "fail" (error and exit 1). */
  send(command: 'go' | 'fail'): void;
  /** Resolves when the stand-in's process has ended. */
  ended: Promise<void>;
}

export interface Beacon {
  port: number;
  standIns: Recorder<StandIn>;
  close(): Promise<void>;
}

export async function startBeacon(): Promise<Beacon> {
  const standIns = new Recorder<StandIn>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => undefined);
    const lines = createInterface({ input: socket });
    lines.once('line', (line) => {
      const hello = JSON.parse(line) as Omit<StandIn, 'send' | 'ended'>;
      standIns.push({ ...hello, send: (command) => socket.write(`${command}\n`), ended });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    standIns,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Whether a process is still running (a zombie waiting for its parent counts as ended). */
export async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
