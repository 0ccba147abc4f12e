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

  it('says where a port that is not the flag or the default came from ($PORT, a config file), and fits 80 columns', async () => {
    const fromEnv = listenSettings({}, '/p', { PORT: '3000', XDG_CONFIG_HOME: '/nonexistent' });
    const lines = bannerLines(fromEnv, 'http://127.0.0.1:3000/', 3000, { cwd: '/p' });
    expect(lines.slice(0, 4)).toEqual([
      'Listening for ITscope webhooks on http://127.0.0.1:3000/',
      '  Port:       3000 from $PORT',
      "  Basic Auth: off (set --user and --password to match ITscope's settings)",
      '  Captures:   .itscope-hooks/captures',
    ]);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    const fromFlag = listenSettings({ port: '3000' }, '/p', { PORT: '4000', XDG_CONFIG_HOME: '/nonexistent' });
    expect(bannerLines(fromFlag, 'http://127.0.0.1:3000/', 3000).join('\n')).not.toContain('Port:');
    const { mkdtemp, mkdir, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'banner-'));
    try {
      await mkdir(join(dir, '.itscope-hooks'), { mode: 0o700 });
      await writeFile(join(dir, '.itscope-hooks', 'config.json'), '{"port": 9100}', { mode: 0o600 });
      const fromFile = listenSettings({}, dir, { XDG_CONFIG_HOME: '/nonexistent' });
      expect(bannerLines(fromFile, 'http://127.0.0.1:9100/', 9100, { cwd: dir })).toContain('  Port:       9100 from .itscope-hooks/config.json');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the documents home with --fetch-docs, and keeps every line within 80 columns', () => {
    const s = listenSettings({ forwardTo: 'http://localhost:3000/webhooks/itscope', forwardStatus: true, path: '/webhooks/itscope' }, '/p', {
      XDG_CONFIG_HOME: '/nonexistent',
    });
    const lines = bannerLines(s, 'http://127.0.0.1:8765/webhooks/itscope/', 8765, {
      cwd: '/p',
      documents: { home: '/p/.itscope-hooks/documents', apiBase: 'https://api.itscope.com/2.1' },
    });
    expect(lines).toContain('  Documents:  .itscope-hooks/documents (from https://api.itscope.com/2.1)');
    expect(lines).toContain("              the sender gets your app's status and body (--forward-status)");
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
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
