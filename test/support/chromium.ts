// Debian's Chromium, driven by playwright-core (never a downloaded browser): from
// CHROMIUM_PATH, else `chromium` on PATH. `.ci/run` installs it when it is missing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('no Chromium for the browser tests: install it (apt-get install chromium) or set CHROMIUM_PATH');
  }
}

/** Flags for a headless Chromium on a machine with a closed network and no sandbox user. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `extraArgs`, e.g. `--host-resolver-rules=MAP rebind.test 127.0.0.1` to play a DNS-rebinding site. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, ...extraArgs], headless: true });
}
