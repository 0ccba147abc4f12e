/**
 * The guard between listen and the tunnel program, so that the tunnel is never left
 * behind: not when listen stops, crashes, or is killed with SIGKILL (nothing of listen runs
 * then, so the tunnel cannot be a direct child that listen must remember to stop).
 *
 * listen runs `node -e <tunnelGuard's source> -- GRACE_MS PROGRAM ARGS…` with its stdin,
 * stdout, stderr and fd 3 as pipes. The guard starts the program with the guard's own
 * stdout and stderr (listen reads them directly), reports on fd 3 as JSON lines
 * (`{"pid"}` once started, `{"exit":{code,signal}}` or `{"error"}` at the end), and stops
 * the program (SIGTERM, SIGKILL after GRACE_MS) as soon as its stdin ends: listen closed
 * it, or listen is gone. Ctrl-C in a terminal reaches the whole process group; the guard
 * ignores it and leaves the stopping to listen, which first drains its requests.
 *
 * The function runs in a separate `node -e` process from its source text: it must not use
 * anything from this module or its imports, only the global `process`.
 */
export function tunnelGuard(): void {
  // process.getBuiltinModule, not require or import: the bundler leaves it as it is.
  const { spawn } = process.getBuiltinModule('node:child_process');
  const { writeSync } = process.getBuiltinModule('node:fs');
  const [grace = '3000', command = '', ...args] = process.argv.slice(1);
  const report = (value: unknown) => {
    try {
      writeSync(3, `${JSON.stringify(value)}\n`);
    } catch {
      // listen is gone: nobody to tell.
    }
  };
  let child: ReturnType<typeof spawn> | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    if (!child || killTimer || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const running = child;
    killTimer = setTimeout(() => running.kill('SIGKILL'), Number(grace));
  };
  // The handlers first: a SIGTERM before them would end the guard and leave the program running.
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
  process.on('SIGINT', () => undefined);
  child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  // At once, not on 'spawn': listen should know the pid before anything the program prints.
  if (child.pid !== undefined) report({ pid: child.pid });
  child.on('error', (error) => {
    report({ error: error.message });
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    report({ exit: { code, signal } });
    process.exit(0);
  });
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}

/** The `node` arguments that run the guard for one program. */
export function guardArgs(graceMs: number, program: string, args: readonly string[]): string[] {
  return ['-e', `(${tunnelGuard.toString()})()`, '--', String(graceMs), program, ...args];
}
