import { describe, expect, it } from 'vitest';
import {
  failureHint,
  missingProgramError,
  parseTunnelLine,
  publicWebhookUrl,
  tunnelArgs,
  tunnelSettings,
  tunnelTarget,
  urlLifetime,
} from '../../src/listen/tunnel-output.js';

// Lines as the real programs print them (cloudflared 2026.8 quick tunnel on stderr;
// ngrok v3 with --log stdout --log-format json). See docs/listen.md.
const CF_BOX_URL = '2026-08-20T10:00:01Z INF |  https://seasonal-deck-organisms-sf.trycloudflare.com                                    |';
const CF_BOX_TEXT = '2026-08-20T10:00:01Z INF |  Your quick Tunnel has been created! Visit it at (it may take some time to be reachable):  |';
const CF_DISCLAIMER =
  '2026-08-20T10:00:00Z INF Thank you for trying Cloudflare Tunnel. … Terms of Use (https://www.cloudflare.com/website-terms/), … https://developers.cloudflare.com/cloudflare-one/connections/connect-apps';
const CF_CONNECTED =
  '2026-08-20T10:00:02Z INF Registered tunnel connection connIndex=0 connection=6f1c1a0e-2b7d-4c39-9a57-0d2f3c1e8b44 event=0 ip=198.41.192.7 location=fra08 protocol=quic';
const NG_STARTED =
  '{"addr":"http://127.0.0.1:8765","lvl":"info","msg":"started tunnel","name":"command_line","obj":"tunnels","t":"2026-08-20T10:00:01Z","url":"https://1a2b-203-0-113-7.ngrok-free.app"}';

describe('parseTunnelLine', () => {
  it.each([
    ['cloudflared', CF_BOX_URL, { kind: 'url', url: 'https://seasonal-deck-organisms-sf.trycloudflare.com' }],
    [
      'cloudflared',
      `\u001b[90m2026-08-20T10:00:01Z\u001b[0m \u001b[32mINF\u001b[0m |  https://a-b-c.trycloudflare.com  |`,
      { kind: 'url', url: 'https://a-b-c.trycloudflare.com' },
    ],
    ['cloudflared', CF_BOX_TEXT, { kind: 'other' }],
    ['cloudflared', '2026-08-20T10:00:01Z INF +--------------------------------------------+', { kind: 'other' }],
    ['cloudflared', CF_DISCLAIMER, { kind: 'other' }],
    ['cloudflared', CF_CONNECTED, { kind: 'connected' }],
    [
      'cloudflared',
      '2026-08-20T10:00:01Z ERR Error unmarshaling QuickTunnel response: error code: 1015 status_code="429 Too Many Requests"',
      { kind: 'error', message: 'Error unmarshaling QuickTunnel response: error code: 1015 status_code="429 Too Many Requests"', final: false },
    ],
    [
      'cloudflared',
      'failed to request quick Tunnel: Post "https://api.trycloudflare.com/tunnel": dial tcp: lookup api.trycloudflare.com: no such host',
      {
        kind: 'error',
        message: 'failed to request quick Tunnel: Post "https://api.trycloudflare.com/tunnel": dial tcp: lookup api.trycloudflare.com: no such host',
        final: true,
      },
    ],
    ['cloudflared', '2026-08-20T10:00:00Z WRN Cannot determine default origin certificate path.', { kind: 'other' }],
    ['cloudflared', '2026-08-20T10:00:00Z INF |  http://plain.example.com  |', { kind: 'other' }],
    ['cloudflared', NG_STARTED, { kind: 'other' }],
    ['ngrok', NG_STARTED, { kind: 'url', url: 'https://1a2b-203-0-113-7.ngrok-free.app' }],
    ['ngrok', '{"lvl":"info","msg":"started tunnel","name":"command_line (http)","url":"http://92832de0.ngrok.io"}', { kind: 'other' }],
    ['ngrok', '{"lvl":"info","msg":"starting web service","obj":"web","addr":"127.0.0.1:4040"}', { kind: 'other' }],
    ['ngrok', '{"err":"<nil>","lvl":"info","msg":"open config file"}', { kind: 'other' }],
    [
      'ngrok',
      '{"err":"authentication failed: Usage of ngrok requires a verified account and authtoken.\\r\\n\\r\\nERR_NGROK_4018\\r\\n","lvl":"crit","msg":"command failed"}',
      { kind: 'error', message: 'authentication failed: Usage of ngrok requires a verified account and authtoken. ERR_NGROK_4018', final: true },
    ],
    ['ngrok', '{"err":"<nil>","lvl":"eror","msg":"failed to reconnect session"}', { kind: 'error', message: 'failed to reconnect session', final: false }],
    ['ngrok', 'ERROR:  ERR_NGROK_4018', { kind: 'error', message: 'ERR_NGROK_4018', final: false }],
    ['ngrok', 'ERROR:  ', { kind: 'other' }],
    ['ngrok', '{"msg":"started tunnel","url":', { kind: 'other' }],
    ['ngrok', '{not json', { kind: 'other' }],
    ['ngrok', 'null', { kind: 'other' }],
  ] as const)('%s: %s', (program, line, expected) => {
    expect(parseTunnelLine(program, line)).toEqual(expected);
  });
});

describe('tunnel settings', () => {
  it.each([
    [{}, undefined],
    [{ tunnel: true }, 'auto'],
    [{ tunnel: 'cloudflared' }, 'cloudflared'],
    [{ tunnel: 'NGROK' }, 'ngrok'],
    [{ tunnel: ' Cloudflared ' }, 'cloudflared'],
  ])('%o → %s', (options, tunnel) => {
    expect(tunnelSettings(options, undefined)).toEqual({ tunnel, tunnelTimeoutMs: 30_000 });
  });

  it('takes --tunnel-timeout as a duration, a bare number in seconds', () => {
    expect(tunnelSettings({ tunnel: true, tunnelTimeout: '2.5' }, undefined).tunnelTimeoutMs).toBe(2500);
    expect(tunnelSettings({ tunnel: true, tunnelTimeout: '45s' }, undefined).tunnelTimeoutMs).toBe(45_000);
    expect(tunnelSettings({ tunnel: true, tunnelTimeout: '2m' }, undefined).tunnelTimeoutMs).toBe(120_000);
  });

  it.each([
    [{ tunnel: 'localtunnel' }, undefined, /--tunnel "localtunnel" is not a tunnel program/, /--tunnel cloudflared or --tunnel ngrok/],
    [{ tunnel: true }, 'cert.pem', /--tunnel and --tls-cert cannot be used together/, /Leave one out/],
    [{ tunnelTimeout: '5' }, undefined, /--tunnel-timeout needs --tunnel/, /add --tunnel/],
    [{ tunnel: true, tunnelTimeout: '0' }, undefined, /--tunnel-timeout "0" is shorter than 1ms/, /a bare number is seconds/],
    [{ tunnel: true, tunnelTimeout: '601' }, undefined, /--tunnel-timeout "601" is longer than 10m/, /at most 10m/],
    [{ tunnel: true, tunnelTimeout: 'soon' }, undefined, /--tunnel-timeout "soon" is not a duration/, /e\.g\. --tunnel-timeout 500ms/],
  ])('refuses %o (--tls-cert %s)', (options, tlsCert, message, hint) => {
    let error: unknown;
    try {
      tunnelSettings(options, tlsCert);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ exitCode: 2, message: expect.stringMatching(message), hint: expect.stringMatching(hint) });
  });
});

describe('the program and where it points', () => {
  it.each([
    ['127.0.0.1', 'http://127.0.0.1:8765'],
    ['0.0.0.0', 'http://127.0.0.1:8765'],
    ['::', 'http://127.0.0.1:8765'],
    ['192.168.1.20', 'http://192.168.1.20:8765'],
    ['::1', 'http://[::1]:8765'],
    ['localhost', 'http://localhost:8765'],
  ])('--host %s → %s', (host, target) => {
    expect(tunnelTarget(host, 8765)).toBe(target);
  });

  it('runs cloudflared as a quick tunnel that does not update itself, and ngrok with JSON logs on stdout', () => {
    expect(tunnelArgs('cloudflared', 'http://127.0.0.1:8765')).toEqual(['tunnel', '--no-autoupdate', '--url', 'http://127.0.0.1:8765']);
    expect(tunnelArgs('ngrok', 'http://127.0.0.1:8765')).toEqual(['http', 'http://127.0.0.1:8765', '--log', 'stdout', '--log-format', 'json']);
  });

  it.each([
    ['https://a-b.trycloudflare.com', 'http://127.0.0.1:8765/', 'https://a-b.trycloudflare.com/'],
    ['https://a-b.trycloudflare.com', 'http://127.0.0.1:8765/webhooks/itscope/', 'https://a-b.trycloudflare.com/webhooks/itscope'],
    ['https://x.ngrok-free.app/', 'http://[::1]:8765/hooks/', 'https://x.ngrok-free.app/hooks'],
  ])('the URL to paste: %s with %s → %s', (origin, local, expected) => {
    expect(publicWebhookUrl(origin, local)).toBe(expected);
  });

  it.each([
    ['cloudflared', 'https://a-b.trycloudflare.com/', 'changes'],
    ['cloudflared', 'https://hooks.example.com/', 'may-change'],
    ['ngrok', 'https://my-name.ngrok-free.dev/', 'stable'],
    ['ngrok', 'https://1a2b-203-0-113-7.ngrok-free.app/', 'may-change'],
  ] as const)('%s %s %s on a restart', (program, url, lifetime) => {
    expect(urlLifetime(program, url)).toBe(lifetime);
  });
});

describe('what to do about it', () => {
  it('names how to install either program when none is on PATH', () => {
    const error = missingProgramError('auto');
    expect(error.message).toBe('--tunnel: neither cloudflared nor ngrok is on PATH');
    expect(error.hint).toContain('brew install cloudflared');
    expect(error.hint).toContain('https://ngrok.com/download');
    expect(missingProgramError('ngrok').hint).toMatch(/ngrok config add-authtoken[\s\S]*or use --tunnel cloudflared/);
  });

  it.each([
    ['ngrok', 'ERROR:  ERR_NGROK_4018', /ngrok config add-authtoken/],
    ['ngrok', '{"lvl":"crit","err":"failed to start tunnel: The endpoint is already online. ERR_NGROK_334"}', /already running/],
    ['cloudflared', 'ERR Error unmarshaling QuickTunnel response: error code: 1015', /wait a minute/],
    ['cloudflared', 'failed to request quick Tunnel: dial tcp: lookup api.trycloudflare.com: no such host', /could not reach Cloudflare/],
    ['cloudflared', 'something else entirely', undefined],
  ] as const)('%s: %s', (program, line, hint) => {
    const found = failureHint(program, [line]);
    if (hint === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(hint);
  });
});
