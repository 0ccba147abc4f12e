import { describe, expect, test } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { isLoopbackHost } from '../../src/http/loopback.js';
import { checkTargetUrl } from '../../src/http/target-url.js';

describe('isLoopbackHost / checkTargetUrl', () => {
  test.each([
    ['localhost', true],
    ['api.localhost', true],
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['[::1]', true],
    ['128.0.0.1', false],
    ['10.0.0.1', false],
    ['localhost.example.com', false],
    ['[::2]', false],
  ])('%s loopback: %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
  test.each([
    ['https://hooks.example.com/x', true],
    ['http://127.0.0.1:8765/', true],
    ['http://[::1]:8765/', true],
    ['http://localhost/', true],
    ['http://hooks.example.com/', false],
    ['http://192.168.1.5/', false],
    ['ws://127.0.0.1/', false],
    ['hooks.example.com', false],
  ])('%s accepted: %s', (url, ok) => {
    if (ok) expect(checkTargetUrl(url).href).toBe(new URL(url).href);
    else expect(() => checkTargetUrl(url)).toThrow(UserError);
  });
  test('a URL without its scheme suggests the one meant', () => {
    expect(() => checkTargetUrl('localhost:8765')).toThrow(
      expect.objectContaining({ message: '--url: "localhost:8765" has no scheme', hint: expect.stringMatching(/^use http:\/\/localhost:8765\/ /) }),
    );
    expect(() => checkTargetUrl('[::1]:8765/hooks', 'ITSCOPE_WEBHOOK_URL')).toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/^use http:\/\/\[::1\]:8765\/hooks /) }),
    );
    expect(() => checkTargetUrl('hooks.example.com')).toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/^use https:\/\/hooks\.example\.com\/ /) }),
    );
  });
  test('plain http elsewhere explains the https rule', () => {
    expect(() => checkTargetUrl('http://hooks.example.com/')).toThrow(/ITscope only sends webhooks to https URLs/);
  });
});
