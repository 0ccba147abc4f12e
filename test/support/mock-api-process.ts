// Spawns `itscope-hooks mock-api` and parses its stdout lines (JSON or text).
import { spawnCli, type SpawnedCli } from './spawned.js';

export type MockApiProcess = SpawnedCli;

export function spawnMockApi(args: string[]): MockApiProcess {
  return spawnCli(['mock-api', ...args]);
}
