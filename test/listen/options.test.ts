// listen's flag checks that protect the bind address and the timers.
import { describe, expect, it } from 'vitest';
import { MAX_TIMEOUT_S } from '../../src/cli/values.js';
import { bannerLines } from '../../src/listen/banner.js';
import { listenSettings } from '../../src/listen/options.js';

const settings = (options: Record<string, unknown>) => listenSettings(options, '/nonexistent-cwd', { XDG_CONFIG_HOME: '/nonexistent' });

describe('listenSettings', () => {
  it.each(['', ' '])('refuses --host %j: node:http would bind every interface', (host) => {
    expect(() => settings({ host })).toThrow(
      expect.objectContaining({ message: '--host is empty', hint: expect.stringMatching(/--host 127\.0\.0\.1/), exitCode: 2 }),
    );
  });

  it('keeps 127.0.0.1 without --host', () => {
    expect(settings({}).host).toBe('127.0.0.1');
  });

  it.each(['100', '101', '199', '304', '600'])('refuses --respond-status %s with the allowed range', (code) => {
    expect(() => settings({ respondStatus: code })).toThrow(
      expect.objectContaining({ hint: expect.stringContaining('from 200 to 599 except 304'), exitCode: 2 }),
    );
  });

  it.each([200, 204, 301, 404, 500, 599])('takes --respond-status %d', (code) => {
    expect(settings({ respondStatus: String(code) }).respondStatus).toBe(code);
  });

  it('refuses a --timeout that setTimeout cannot wait (2^31-1 ms), naming the maximum', () => {
    expect(MAX_TIMEOUT_S).toBe(2147483);
    expect(settings({ timeout: '2147483' }).timeoutMs).toBe(2_147_483_000);
    expect(() => settings({ timeout: '2147484' })).toThrow('--timeout "2147484" is longer than 2147483s');
    expect(() => settings({ timeout: '1e12' })).toThrow(
      expect.objectContaining({ message: '--timeout "1e12" is not a duration', hint: expect.stringContaining('a bare number is seconds') }),
    );
    expect(() => settings({ timeout: '0' })).toThrow('--timeout "0" is shorter than 1ms');
  });

  it('reads --timeout, --delay and --forward-timeout as durations; a bare number keeps its unit (seconds, milliseconds)', () => {
    expect(settings({ timeout: '90' }).timeoutMs).toBe(90_000);
    expect(settings({ timeout: '1.5m' }).timeoutMs).toBe(90_000);
    expect(settings({ timeout: '500ms' }).timeoutMs).toBe(500);
    expect(settings({ delay: '1500' }).delayMs).toBe(1500);
    expect(settings({ delay: '2s' }).delayMs).toBe(2000);
    expect(settings({ forwardTimeout: '5000' }).forwardTimeoutMs).toBe(5000);
    expect(settings({ forwardTimeout: '30s' }).forwardTimeoutMs).toBe(30_000);
    expect(settings({}).forwardTimeoutMs).toBe(10_000);
  });

  it('names the range of --delay and --forward-timeout', () => {
    expect(() => settings({ delay: '600001' })).toThrow('--delay "600001" is longer than 10m');
    expect(() => settings({ delay: '11m' })).toThrow(expect.objectContaining({ hint: expect.stringContaining('give at most 10m') }));
    expect(() => settings({ forwardTimeout: '3000000000' })).toThrow('--forward-timeout "3000000000" is longer than 10m');
    expect(() => settings({ forwardTimeout: '0' })).toThrow('--forward-timeout "0" is shorter than 1ms');
  });

  it('takes --forward-status only with --forward-to, and not with --respond-status', () => {
    expect(settings({ forwardTo: 'http://localhost:3000/', forwardStatus: true }).forwardStatus).toBe(true);
    expect(settings({ forwardTo: 'http://localhost:3000/' }).forwardStatus).toBe(false);
    expect(() => settings({ forwardStatus: true })).toThrow(expect.objectContaining({ message: '--forward-status needs --forward-to', exitCode: 2 }));
    expect(() => settings({ forwardTo: 'http://localhost:3000/', forwardStatus: true, respondStatus: '500' })).toThrow(
      '--forward-status and --respond-status cannot be used together',
    );
  });

  it('takes --quiet', () => {
    expect(settings({ quiet: true }).quiet).toBe(true);
    expect(settings({}).quiet).toBe(false);
  });

  it('takes --forward-ca and --forward-insecure only for an https --forward-to, and not together', () => {
    const https = 'https://localhost:3443/hooks';
    expect(settings({ forwardTo: https, forwardCa: 'dev-cert.pem' })).toMatchObject({ forwardCa: 'dev-cert.pem', forwardInsecure: false });
    expect(settings({ forwardTo: https, forwardInsecure: true })).toMatchObject({ forwardCa: undefined, forwardInsecure: true });
    expect(() => settings({ forwardCa: 'dev-cert.pem' })).toThrow(expect.objectContaining({ message: '--forward-ca needs --forward-to', exitCode: 2 }));
    expect(() => settings({ forwardInsecure: true })).toThrow('--forward-insecure needs --forward-to');
    expect(() => settings({ forwardTo: 'http://localhost:3000/', forwardCa: 'dev-cert.pem' })).toThrow(
      expect.objectContaining({ message: '--forward-ca only applies to an https --forward-to', hint: expect.stringContaining('plain http') }),
    );
    expect(() => settings({ forwardTo: https, forwardCa: 'dev-cert.pem', forwardInsecure: true })).toThrow(
      '--forward-ca and --forward-insecure cannot be used together',
    );
  });

  it('says in the banner how an https --forward-to is trusted', () => {
    const banner = (options: Record<string, unknown>) => bannerLines(settings(options), 'http://127.0.0.1:8765/', 8765).join('\n');
    const https = 'https://localhost:3443/hooks';
    expect(banner({ forwardTo: https, forwardInsecure: true })).toContain('its TLS certificate is NOT verified (--forward-insecure)');
    expect(banner({ forwardTo: https, forwardCa: 'dev-cert.pem' })).toContain('trusting the certificate in dev-cert.pem');
    expect(banner({ forwardTo: https })).not.toMatch(/NOT verified|trusting the certificate/);
  });

  it('never echoes credentials of a --forward-to that is not an http(s) URL', () => {
    expect(() => settings({ forwardTo: 'ftp://app:hunter2@files.example.com/' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
    expect(() => settings({ forwardTo: 'ftp://app:hunter2@files.example.com/' })).toThrow(/is not an http\(s\) URL/);
  });

  it('takes --tls-cert and --tls-key only together, and the banner then speaks of https, not of a tunnel', () => {
    expect(() => settings({ tlsCert: 'cert.pem' })).toThrow(expect.objectContaining({ message: '--tls-cert needs --tls-key', exitCode: 2 }));
    expect(() => settings({ tlsKey: 'key.pem' })).toThrow('--tls-key needs --tls-cert');
    const s = settings({ tlsCert: 'cert.pem', tlsKey: 'key.pem' });
    expect(s).toMatchObject({ tlsCert: 'cert.pem', tlsKey: 'key.pem' });
    const banner = bannerLines(s, 'https://127.0.0.1:8765/', 8765).join('\n');
    expect(banner).toContain('  TLS:        cert.pem');
    expect(banner).toContain("Paste https://<a host name this certificate is valid for>:8765/ into ITscope's");
    expect(banner).not.toContain('cloudflared');
  });
});
