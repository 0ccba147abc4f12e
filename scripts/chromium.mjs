// Debian's Chromium, driven by playwright-core (never a downloaded browser), for the
// inspector's browser tests, `npm run screenshots` and bench/inspector.mjs: from
// CHROMIUM_PATH, else `chromium` on PATH. `.ci/run` installs it when it is missing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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

export const NO_CHROMIUM = 'no Chromium: install it (apt-get install chromium) or set CHROMIUM_PATH';

/** The browser to drive, or undefined when there is none; a CHROMIUM_PATH that does not exist throws. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Starts headless Chromium; `extraArgs`, e.g. `--host-resolver-rules=…`, come after the usual flags. */
export async function launchChromium(executablePath, extraArgs = []) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...extraArgs], headless: true });
}
