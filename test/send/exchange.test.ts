import { expect, test } from 'vitest';
import { realmOf, verdictOf } from '../../src/send/exchange.js';

test('the realm of a WWW-Authenticate header', () => {
  expect(realmOf('Basic realm="itscope-hooks", charset="UTF-8"')).toBe('itscope-hooks');
  expect(realmOf(['Bearer', 'Basic realm="say \\"hi\\""'])).toBe('say "hi"');
  expect(realmOf('Basic')).toBeUndefined();
  expect(realmOf(undefined)).toBeUndefined();
});

test('a receiver\'s "valid": false and its first problem; anything else is no verdict', () => {
  expect(verdictOf('{"ok":true,"eventId":"x","valid":false,"errors":["$.timestamp: bad","$.orderId: bad"]}')).toEqual({ problem: '$.timestamp: bad' });
  expect(verdictOf('{"valid": false, "errors": [{"path": "$.a", "message": "no"}]}')).toEqual({ problem: 'no' });
  expect(verdictOf('{"valid":false}')).toEqual({ problem: undefined });
  expect(verdictOf('{"ok":true,"eventId":"x"}')).toBeUndefined();
  expect(verdictOf('{"nested":{"valid":false}}')).toBeUndefined();
  expect(verdictOf('{"valid":false,"errors":["cut')).toBeUndefined();
});
