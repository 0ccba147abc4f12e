declare const __ITSCOPE_HOOKS_VERSION__: string | undefined;

/** Set at build time from package.json (scripts/build.js, vitest.config.ts). */
export const VERSION: string = typeof __ITSCOPE_HOOKS_VERSION__ === 'string' ? __ITSCOPE_HOOKS_VERSION__ : '0.0.0-dev';

/** The User-Agent ITscope requires on every API request, also sent with webhooks. */
export function userAgent(): string {
  return `itscope-hooks/${VERSION} (+Node ${process.versions.node})`;
}
