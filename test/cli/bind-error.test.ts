import { expect, test } from 'vitest';
import { bindError } from '../../src/cli/bind-error.js';
import { otherPort } from '../../src/cli/ports.js';

const inUse = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });

test("the busy-port fix never suggests mock-api's or the inspector's port", () => {
  expect(bindError(inUse, { host: '127.0.0.1', port: 8765, flag: '--port' })?.hint).toContain('(e.g. --port 8768)');
  expect(bindError(inUse, { host: '127.0.0.1', port: 8766, flag: '--port' })?.hint).toContain('(e.g. --port 8768)');
  expect(bindError(inUse, { host: '127.0.0.1', port: 8767, flag: '--ui-port' })?.hint).toContain('(e.g. --ui-port 8768)');
  expect(bindError(inUse, { host: '127.0.0.1', port: 3000, flag: '--port' })?.hint).toContain('(e.g. --port 3001)');
  expect(bindError(inUse, { host: '127.0.0.1', port: 8764, flag: '--port' })?.hint).toContain('(e.g. --port 8768)');
});

test('at the top of the range the suggestion goes down', () => {
  expect(otherPort(65535)).toBe(65534);
});
