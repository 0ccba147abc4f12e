import { describe, expect, it } from 'vitest';
import { bannerLines } from '../../src/listen/banner.js';
import { listenSettings } from '../../src/listen/options.js';
import { failureJson, failureLines, type TunnelBanner, tunnelWarnings } from '../../src/listen/tunnel-report.js';

const settings = (options: Record<string, unknown> = {}) =>
  listenSettings({ tunnel: true, path: '/webhooks/itscope', ...options }, '/nonexistent-cwd', { XDG_CONFIG_HOME: '/nonexistent' });

const up: TunnelBanner = {
  program: 'cloudflared',
  target: 'http://127.0.0.1:8765',
  publicUrl: 'https://seasonal-deck-organisms-sf.trycloudflare.com/webhooks/itscope',
  connected: true,
};

describe('the banner with --tunnel', () => {
  it('says what runs and the URL to paste, instead of the tunnel commands, within 80 columns', () => {
    const lines = bannerLines(settings({ user: 'hooks', password: 'pw-secret' }), 'http://127.0.0.1:8765/webhooks/itscope/', 8765, { tunnel: up });
    expect(lines).toContain('  Tunnel:     cloudflared → http://127.0.0.1:8765 (stops with listen)');
    // Too long for one line with its label: the URL gets a line of its own, unbroken.
    expect(lines).toContain('  Paste into ITscope:');
    expect(lines).toContain('  https://seasonal-deck-organisms-sf.trycloudflare.com/webhooks/itscope');
    const text = lines.join('\n');
    expect(text).not.toContain('cloudflared tunnel --url');
    expect(text).not.toContain('ngrok http');
    expect(text).not.toContain('pw-secret');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('puts a URL that fits on the "Paste into ITscope:" line', () => {
    const lines = bannerLines(settings(), 'http://127.0.0.1:8765/', 8765, { tunnel: { ...up, publicUrl: 'https://a-b-c.trycloudflare.com/' } });
    expect(lines).toContain('  Paste into ITscope: https://a-b-c.trycloudflare.com/');
  });

  it('says when cloudflared has not connected yet', () => {
    const text = bannerLines(settings(), 'http://127.0.0.1:8765/', 8765, { tunnel: { ...up, connected: false } }).join('\n');
    expect(text).toContain('cloudflared has not reported a connection yet');
  });

  it('falls back to the tunnel commands when the tunnel did not start', () => {
    const lines = bannerLines(settings(), 'http://127.0.0.1:8765/', 8765, { tunnel: { ...up, publicUrl: null, connected: false } });
    expect(lines).toContain('  Tunnel:     cloudflared did not start (see above): this machine only');
    expect(lines).toContain('    cloudflared tunnel --url http://localhost:8765');
    expect(lines.join('\n')).not.toContain('Paste into ITscope');
  });

  it('says so when listen stopped while the tunnel was starting', () => {
    const lines = bannerLines(settings(), 'http://127.0.0.1:8765/', 8765, { tunnel: { ...up, publicUrl: null, connected: false, stopped: true } });
    expect(lines).toContain('  Tunnel:     cloudflared stopped before it gave a URL (listen is stopping)');
  });
});

describe('tunnel warnings', () => {
  it('warns about a public receiver without Basic Auth and a URL that changes, within 80 columns', () => {
    const warnings = tunnelWarnings(up, false);
    expect(warnings.map((w) => w.lines.join(' '))).toEqual([
      'Basic Auth is off behind a public URL: anyone who learns it can post webhooks into your captures',
      "quick-tunnel URLs change on every start: after restarting listen, paste the new URL into ITscope's settings again",
    ]);
    expect(warnings[0]?.fix).toContain('--user and --password');
    for (const w of warnings) {
      expect(`warning: ${w.lines[0]}`.length).toBeLessThanOrEqual(80);
      for (const line of [...w.lines.slice(1), `fix: ${w.fix ?? ''}`]) expect(`  ${line}`.length).toBeLessThanOrEqual(80);
    }
  });

  it('warns only about the URL with Basic Auth on; not at all for an ngrok dev domain, nor without a URL', () => {
    expect(tunnelWarnings(up, true).map((w) => w.lines[0])).toEqual(['quick-tunnel URLs change on every start: after restarting listen,']);
    expect(tunnelWarnings({ ...up, program: 'ngrok', publicUrl: 'https://my-name.ngrok-free.dev/' }, true)).toEqual([]);
    expect(tunnelWarnings({ ...up, program: 'ngrok', publicUrl: 'https://1a2b.ngrok-free.app/' }, true)[0]?.lines[0]).toBe(
      'ngrok may give another URL on the next start: if it does,',
    );
    expect(tunnelWarnings({ ...up, publicUrl: null }, false)).toEqual([]);
  });
});

describe('the failure report', () => {
  const report = {
    program: 'ngrok' as const,
    state: 'failed' as const,
    reason: 'ngrok exited with status 1 before it printed its public URL',
    error: 'authentication failed ERR_NGROK_4018',
    lines: ['{"lvl":"crit","msg":"command failed"}', 'ERROR:  ERR_NGROK_4018 \u001b[2J'],
    hint: 'ngrok needs an account',
    localUrl: 'http://127.0.0.1:8765/',
  };

  it('names the reason, what the program said, its last lines (escaped), the fix, and that listen goes on', () => {
    expect(failureLines(report)).toEqual([
      'the ngrok tunnel did not start',
      '  ngrok exited with status 1 before it printed its public URL',
      '  ngrok said: authentication failed ERR_NGROK_4018',
      '  its last 2 lines:',
      '    | {"lvl":"crit","msg":"command failed"}',
      '    | ERROR:  ERR_NGROK_4018 \\x1b[2J',
      '  fix: ngrok needs an account',
      '  listen goes on receiving at http://127.0.0.1:8765/ (this machine only)',
    ]);
  });

  it('wraps long lines (a program log line, a fix) to the width instead of letting the terminal do it', () => {
    const long = `2026-08-20T10:00:01Z ERR Failed to create new quick Tunnel error="Error unmarshaling QuickTunnel response: invalid character 'e' looking for beginning of value" status_code="429 Too Many Requests"`;
    for (const width of [80, 120]) {
      const lines = failureLines({ ...report, program: 'ngrok', lines: [long] }, width);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
      const quoted = lines.filter((l) => l.startsWith('    | ')).map((l) => l.slice(6));
      expect(quoted.join(' ')).toBe(long);
    }
  });

  it('says which URL stopped working when the tunnel is lost', () => {
    const lines = failureLines({ ...report, state: 'lost', reason: 'ngrok was stopped by SIGKILL', hint: undefined, publicUrl: 'https://x.ngrok-free.app/' });
    expect(lines.slice(0, 3)).toEqual([
      'the ngrok tunnel stopped',
      '  ngrok was stopped by SIGKILL; https://x.ngrok-free.app/ no longer reaches',
      '    listen',
    ]);
    expect(lines.slice(-2)).toEqual(['  listen goes on receiving at http://127.0.0.1:8765/ (this machine only);', '    restart it for a new tunnel']);
  });

  it('is one JSON line with the exact lines', () => {
    expect(failureJson(report)).toEqual({
      type: 'tunnel',
      state: 'failed',
      program: 'ngrok',
      reason: report.reason,
      error: report.error,
      lastLines: report.lines,
      hint: report.hint,
    });
    expect(failureJson({ ...report, error: undefined, hint: undefined })).toMatchObject({ error: null });
    expect(failureJson({ ...report, hint: undefined })).not.toHaveProperty('hint');
  });
});
