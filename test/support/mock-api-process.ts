// Spawns `itscope-hooks mock-api` and parses its stdout lines (JSON or text).
import { type SpawnedCli, spawnCli } from './spawned.js';

export type MockApiProcess = SpawnedCli;

export function spawnMockApi(args: string[]): MockApiProcess {
  return spawnCli(['mock-api', ...args]);
}
