import { expect, test } from 'vitest';
import { completeUrl } from '../../src/core/schemeless-url.js';

const local = (host: string): 'http' | 'https' => (host === 'localhost' || host.startsWith('127.') || host === '[::1]' ? 'http' : 'https');

test.each([
  ['localhost:8765', 'http://localhost:8765/'],
  ['127.0.0.1:8765/hooks?x=1', 'http://127.0.0.1:8765/hooks?x=1'],
  ['[::1]:8765', 'http://[::1]:8765/'],
  ['localhost', 'http://localhost/'],
  ['hooks.example.com/itscope', 'https://hooks.example.com/itscope'],
  ['  hooks.example.com  ', 'https://hooks.example.com/'],
  ['http://localhost:8765/', undefined],
  ['foo', undefined],
  ['user:pw@localhost:8765', undefined],
  ['mailto:someone', undefined],
  ['not a url', undefined],
])('%s → %s', (raw, meant) => {
  expect(completeUrl(raw, local)).toBe(meant);
});
