import { expect, test } from 'vitest';
import { checkApiBase } from '../../src/documents/settings.js';

test.each([
  ['https://api.itscope.com/2.1', 'https://api.itscope.com/2.1'],
  ['https://api.itscope.com/2.0/', 'https://api.itscope.com/2.0'],
  ['http://127.0.0.1:8766/2.1', 'http://127.0.0.1:8766/2.1'],
  ['https://gateway.example.com/itscope/2.1', 'https://gateway.example.com/itscope/2.1'],
])('%s is an API base', (value, base) => {
  expect(checkApiBase(value, '--api-base')).toBe(base);
});

test.each([
  ['https://api.itscope.com', '--api-base: https://api.itscope.com does not end in /2.1 or /2.0', 'use https://api.itscope.com/2.1'],
  ['https://api.itscope.com/2.1/business/documents', 'does not end in /2.1 or /2.0', 'use https://api.itscope.com/2.1'],
  ['http://127.0.0.1:8766', 'does not end in /2.1 or /2.0', 'use http://127.0.0.1:8766/2.1 (`itscope-hooks mock-api` serves both, like ITscope)'],
  ['127.0.0.1:8766/2.1', '--api-base: "127.0.0.1:8766/2.1" has no scheme', 'use http://127.0.0.1:8766/2.1'],
  ['localhost:8766', 'has no scheme', 'use http://localhost:8766/2.1'],
  ['api.itscope.com/2.1', 'has no scheme', 'use https://api.itscope.com/2.1'],
  ['http://api.itscope.com/2.1', 'would send the API key unencrypted', 'use an https URL'],
])('%s: says what to use instead', (value, message, hint) => {
  expect(() => checkApiBase(value, '--api-base')).toThrow(
    expect.objectContaining({ message: expect.stringContaining(message), hint: expect.stringContaining(hint) }),
  );
});
