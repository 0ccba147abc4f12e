/**
 * `inspect --open`: the system's way to open a URL in the default browser, and when not
 * to try: in CI, or on Linux without a display (an SSH session), where it would fail or
 * start a text browser.
 */
import { spawn } from 'node:child_process';

export type Opener = { command: string; args: string[] } | { reason: string };

export function browserOpener(url: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Opener {
  if (env.CI) return { reason: 'CI is set' };
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url.replace(/&/g, '^&')] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return { reason: 'there is no display (DISPLAY is not set)' };
  return { command: 'xdg-open', args: [url] };
}

/** Starts the browser; resolves with why it did not, or undefined once the opener started. */
export function openBrowser(url: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const opener = browserOpener(url, env);
  if ('reason' in opener) return Promise.resolve(opener.reason);
  return new Promise((resolve) => {
    const child = spawn(opener.command, opener.args, { detached: true, stdio: 'ignore' });
    child.once('error', (error: NodeJS.ErrnoException) => resolve(`${opener.command} could not be started (${error.code ?? error.message})`));
    child.once('spawn', () => {
      child.unref();
      resolve(undefined);
    });
  });
}
