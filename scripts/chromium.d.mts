// Types of scripts/chromium.mjs for the TypeScript tests.
import type { Browser } from 'playwright-core';

export declare const CHROMIUM_ARGS: string[];
export declare const NO_CHROMIUM: string;
export declare function findChromium(): string | undefined;
export declare function launchChromium(executablePath: string, extraArgs?: string[]): Promise<Browser>;
