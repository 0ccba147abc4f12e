/**
 * The ports this tool's own servers take by default. A suggested "other port" skips them,
 * so the fix for a busy listen port never points at mock-api's or the inspector's.
 */
import { DEFAULT_PORT } from '../core/config-file.js';
import { DEFAULT_UI_PORT } from './ui-flags.js';

export const DEFAULT_MOCK_API_PORT = 8766;

/** Port → the server that takes it by default. */
export const OWN_PORTS: ReadonlyMap<number, string> = new Map([
  [DEFAULT_PORT, 'listen'],
  [DEFAULT_MOCK_API_PORT, 'mock-api'],
  [DEFAULT_UI_PORT, 'the inspector'],
]);

/** The next port after `port` that is none of OWN_PORTS (below it when at the top of the range). */
export function otherPort(port: number): number {
  for (let candidate = port + 1; candidate <= 65535; candidate++) if (!OWN_PORTS.has(candidate)) return candidate;
  for (let candidate = port - 1; candidate > 1023; candidate--) if (!OWN_PORTS.has(candidate)) return candidate;
  return 0;
}
