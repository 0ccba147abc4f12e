// A stand-in for cloudflared or ngrok in `listen --tunnel` tests: prints what the real
// program prints, in its format (see docs/listen.md, "What listen reads from the tunnel
// program"), and tells the test what it was started with over a TCP "beacon".
//
//   node tunnel-stand-in.mjs cloudflared|ngrok ARGS…
//
// STAND_IN_BEACON  port on 127.0.0.1 to connect to: sends {"pid","program","args","env"}
//                  as one JSON line, then obeys lines from the test: "go" (a slow start
//                  goes on), "fail" (print an error and exit 1). The test sees the process
//                  end when the connection closes, also after SIGKILL.
// STAND_IN_MODE    ok (default): the URL and a connection, then run until stopped
//                  slow: wait for "go" before the URL
//                  crash: an error in the program's format, exit 1, no URL
//                  silent: never a URL, run until stopped
//                  stubborn: as ok, but ignore SIGTERM (only SIGKILL stops it)
import { connect } from 'node:net';
import { createInterface } from 'node:readline';

const [program = 'cloudflared', ...args] = process.argv.slice(2);
const mode = process.env.STAND_IN_MODE ?? 'ok';
const target = args.find((a) => a.startsWith('http://')) ?? 'http://127.0.0.1:0';
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

// cloudflared: zerolog's console format on stderr, the URL in an ASCII box.
const cf = (level, message) => process.stderr.write(`${now()} ${level} ${message}\n`);
function cfBox(lines) {
  const width = Math.max(...lines.map((l) => l.length));
  const border = `+${'-'.repeat(width + 4)}+`;
  for (const l of [border, ...lines.map((line) => `|  ${line.padEnd(width)}  |`), border]) cf('INF', l);
}
// ngrok: one JSON object per line on stdout (--log stdout --log-format json).
const ng = (record) => process.stdout.write(`${JSON.stringify({ ...record, t: now() })}\n`);

const start = {
  cloudflared() {
    cf(
      'INF',
      'Thank you for trying Cloudflare Tunnel. Doing so, without a Cloudflare account, is a quick way to experiment and try it out. However, be aware that these account-less Tunnels have no uptime guarantee, are subject to the Cloudflare Online Services Terms of Use (https://www.cloudflare.com/website-terms/), and Cloudflare reserves the right to investigate your use of Tunnels for violations of such terms. If you intend to use Tunnels in production you should use a pre-created named tunnel by following: https://developers.cloudflare.com/cloudflare-one/connections/connect-apps',
    );
    cf('INF', 'Requesting new quick Tunnel on trycloudflare.com...');
  },
  ngrok() {
    ng({ lvl: 'info', msg: 'no configuration paths supplied' });
    ng({ lvl: 'info', msg: 'starting web service', obj: 'web', addr: '127.0.0.1:4040', allow_hosts: [] });
    ng({ lvl: 'info', msg: 'client session established', obj: 'tunnels.session' });
  },
};
const url = {
  cloudflared() {
    cfBox(['Your quick Tunnel has been created! Visit it at (it may take some time to be reachable):', 'https://stand-in-words-here.trycloudflare.com']);
    cf('INF', 'Version 2026.8.2 (Checksum 0000000000000000000000000000000000000000000000000000000000000000)');
    cf('INF', `Settings: map[ha-connections:1 no-autoupdate:true protocol:auto url:${target}]`);
    cf('INF', 'Registered tunnel connection connIndex=0 connection=6f1c1a0e-2b7d-4c39-9a57-0d2f3c1e8b44 event=0 ip=198.41.192.7 location=fra08 protocol=quic');
  },
  ngrok() {
    ng({ lvl: 'info', msg: 'tunnel session started', obj: 'tunnels.session' });
    ng({ lvl: 'info', msg: 'started tunnel', obj: 'tunnels', name: 'command_line', addr: target, url: 'https://1a2b-203-0-113-7.ngrok-free.app' });
  },
};
const fail = {
  cloudflared() {
    cf(
      'ERR',
      'Error unmarshaling QuickTunnel response: error code: 1015 error="invalid character \'e\' looking for beginning of value" status_code="429 Too Many Requests"',
    );
    process.stderr.write("failed to unmarshal quick Tunnel: invalid character 'e' looking for beginning of value\n");
  },
  ngrok() {
    const err =
      'authentication failed: Usage of ngrok requires a verified account and authtoken.\n\nSign up for an account: https://dashboard.ngrok.com/signup\nInstall your authtoken: https://dashboard.ngrok.com/get-started/your-authtoken\r\n\r\nERR_NGROK_4018\r\n';
    ng({ lvl: 'eror', msg: 'failed to reconnect session', obj: 'tunnels.session', err });
    ng({ lvl: 'crit', msg: 'command failed', err });
    process.stderr.write('ERROR:  authentication failed: Usage of ngrok requires a verified account and authtoken.\nERROR:  \nERROR:  ERR_NGROK_4018\n');
  },
};

function crash() {
  fail[program]();
  process.exit(1);
}

process.on('SIGTERM', () => {
  if (mode === 'stubborn') return;
  if (program === 'cloudflared') cf('INF', 'Initiating graceful shutdown due to signal terminated ...');
  process.exit(0);
});

let go = () => undefined;
const beaconPort = process.env.STAND_IN_BEACON;
const beacon = beaconPort ? connect(Number(beaconPort), '127.0.0.1') : undefined;
if (beacon) {
  const env = Object.keys(process.env).filter((k) => k.startsWith('ITSCOPE_'));
  beacon.write(`${JSON.stringify({ pid: process.pid, program, args, env })}\n`);
  createInterface({ input: beacon }).on('line', (line) => {
    if (line === 'go') go();
    if (line === 'fail') crash();
  });
  beacon.on('error', () => undefined);
}

start[program]();
if (mode === 'crash') crash();
else if (mode === 'slow') go = () => url[program]();
else if (mode !== 'silent') url[program]();
// Run until stopped, as the real programs do.
setInterval(() => undefined, 60_000);
