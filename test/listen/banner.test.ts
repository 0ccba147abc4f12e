import { describe, expect, it } from 'vitest';
import { bannerLines } from '../../src/listen/banner.js';
import { listenSettings } from '../../src/listen/options.js';

describe('listen settings', () => {
  it('takes flags over env over defaults, and explains the banner', () => {
    const s = listenSettings({ maxBody: '512kb', path: '/hooks', respondStatus: '503' }, '/nonexistent-cwd', {
      PORT: '9001',
      ITSCOPE_WEBHOOK_USER: 'u',
      ITSCOPE_WEBHOOK_PASSWORD: 'secret-pw',
      XDG_CONFIG_HOME: '/nonexistent',
    });
    expect(s).toMatchObject({
      port: 9001,
      maxBody: 524288,
      path: '/hooks',
      respondStatus: 503,
      auth: { user: 'u', password: 'secret-pw' },
      captures: '/nonexistent-cwd/.itscope-hooks/captures',
    });
    const banner = bannerLines(s, 'http://127.0.0.1:9001/hooks/', 9001).join('\n');
    expect(banner).toContain('cloudflared tunnel --url http://localhost:9001');
    expect(banner).toContain('ngrok http 9001');
    expect(banner).toContain('https://<your-tunnel-host>/hooks');
    expect(banner).not.toContain('secret-pw');
    expect(banner).not.toContain('Forwarding');
  });

  it.each([
    ['http://localhost:3000/hooks', 'Forwarding: http://localhost:3000/hooks', "the sender's headers, Authorization included"],
    [
      'https://app.example.com/hooks',
      'Forwarding: https://app.example.com/hooks',
      "the sender's headers, but not Authorization or cookies: the app is on another machine",
    ],
    ['https://user:pw@app.example.com/hooks', 'Forwarding: https://[redacted]@app.example.com/hooks', "the sender's headers, with Basic Auth from the URL"],
  ])('names the --forward-to target %s in the banner and whether credentials go along', (forwardTo, line, next) => {
    const s = listenSettings({ forwardTo }, '/nonexistent-cwd', { XDG_CONFIG_HOME: '/nonexistent' });
    const lines = bannerLines(s, 'http://127.0.0.1:8765/', 8765);
    expect(lines[lines.indexOf(`  ${line}`) + 1]).toBe(`${' '.repeat(14)}${next}`);
  });

  it.each([
    [{ port: 'x' }, /not a port number/],
    [{ respondStatus: '99' }, /--respond-status "99"/],
    [{ delay: '-1' }, /--delay/],
    [{ timeout: '0' }, /--timeout "0"/],
    [{ path: 'hooks' }, /must start with \//],
    [{ expect: ',' }, /at least one event type/],
    [{ password: 'x' }, /no user/],
  ])('refuses %o', (options, message) => {
    expect(() => listenSettings(options, '/nonexistent-cwd', { XDG_CONFIG_HOME: '/nonexistent' })).toThrow(message);
  });
});
