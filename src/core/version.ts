declare const __ITSCOPE_HOOKS_VERSION__: string | undefined;

/** Set at build time from package.json (scripts/build.js, vitest.config.ts). */
export const VERSION: string = typeof __ITSCOPE_HOOKS_VERSION__ === 'string' ? __ITSCOPE_HOOKS_VERSION__ : '0.0.0-dev';
