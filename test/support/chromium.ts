// Debian's Chromium for the browser tests (scripts/chromium.mjs finds and starts it, for the
// screenshots and the inspector bench too): a test without one fails and says how to get it.
import type { Browser } from 'playwright-core';
import { findChromium, launchChromium as launch, NO_CHROMIUM } from '../../scripts/chromium.mjs';

export function chromiumPath(): string {
  const path = findChromium();
  if (!path) throw new Error(`${NO_CHROMIUM} (the browser tests need it)`);
  return path;
}

/** `extraArgs`, e.g. `--host-resolver-rules=MAP rebind.test 127.0.0.1` to play a DNS-rebinding site. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return launch(chromiumPath(), extraArgs);
}
