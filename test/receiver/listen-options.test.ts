// listen's flag checks that protect the bind address and the timers.
import { describe, expect, it } from 'vitest';
import { MAX_TIMEOUT_S } from '../../src/core/flags.js';
import { listenSettings } from '../../src/receiver/listen-options.js';

const settings = (options: Record<string, unknown>) => listenSettings(options, '/nonexistent-cwd', { XDG_CONFIG_HOME: '/nonexistent' });

describe('listenSettings', () => {
  it.each(['', ' '])('refuses --host %j: node:http would bind every interface', (host) => {
    expect(() => settings({ host })).toThrow(expect.objectContaining({ message: '--host is empty', hint: expect.stringMatching(/--host 127\.0\.0\.1/), exitCode: 2 }));
  });

  it('keeps 127.0.0.1 without --host', () => {
    expect(settings({}).host).toBe('127.0.0.1');
  });

  it.each(['100', '101', '199', '304', '600'])('refuses --respond-status %s with the allowed range', (code) => {
    expect(() => settings({ respondStatus: code })).toThrow(expect.objectContaining({ hint: expect.stringContaining('from 200 to 599 except 304'), exitCode: 2 }));
  });

  it.each([200, 204, 301, 404, 500, 599])('takes --respond-status %d', (code) => {
    expect(settings({ respondStatus: String(code) }).respondStatus).toBe(code);
  });

  it('refuses a --timeout that setTimeout cannot wait (2^31-1 ms), naming the maximum', () => {
    expect(MAX_TIMEOUT_S).toBe(2147483);
    expect(settings({ timeout: '2147483' }).timeoutS).toBe(2147483);
    expect(() => settings({ timeout: '2147484' })).toThrow('--timeout "2147484" must be a number of seconds above 0 and at most 2147483');
    expect(() => settings({ timeout: '1e12' })).toThrow(/at most 2147483/);
  });

  it('names the range of --delay and --forward-timeout', () => {
    expect(() => settings({ delay: '600001' })).toThrow('--delay "600001" is not a whole number from 0 to 600000');
    expect(() => settings({ forwardTimeout: '3000000000' })).toThrow('--forward-timeout "3000000000" is not a whole number from 1 to 600000');
  });
});
