import { VERSION } from '../core/version.js';

/** The User-Agent ITscope requires on every API request, also sent with webhooks and forwards. */
export function userAgent(): string {
  return `itscope-hooks/${VERSION} (+Node ${process.versions.node})`;
}
