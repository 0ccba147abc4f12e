/**
 * The lines listen shows once the receiver is up: where to send webhooks, what it does
 * with them, and how to expose it (or the --tunnel's URL to paste). Every line fits the
 * width it is given (at most 80 columns for the prose; issue 19): paths are shown relative
 * to the working directory, long notes go on lines of their own.
 */
import { redactUrl } from '../core/redact.js';
import { isLoopbackHost } from '../http/loopback.js';
import { DEFAULT_WIDTH, displayPath, displayWidth, wrapWords } from '../ui/fit.js';
import type { ListenSettings } from './options.js';
import { pasteLines, type TunnelBanner, tunnelHeadLine } from './tunnel-report.js';

/** Under "  Forwarding: ": where a second line of a heading starts. */
const UNDER = ' '.repeat(14);

export interface BannerExtras {
  tunnel?: TunnelBanner | undefined;
  /** The inspector's address (--ui). */
  ui?: string | undefined;
  /** --fetch-docs: where documents are saved, and the API they come from. */
  documents?: { home: string; apiBase: string } | undefined;
  /** Paths inside it are shown relative to it. */
  cwd?: string | undefined;
  /** The terminal's width; prose is wrapped to at most 80 columns. */
  width?: number | undefined;
}

function forwardLines(s: ListenSettings, forwardTo: string): string[] {
  const url = new URL(forwardTo);
  const credentials =
    url.username !== '' || url.password !== ''
      ? 'with Basic Auth from the URL'
      : isLoopbackHost(url.hostname)
        ? 'Authorization included'
        : 'but not Authorization or cookies: the app is on another machine';
  return [
    `  Forwarding: ${redactUrl(forwardTo)}`,
    `${UNDER}the sender's headers, ${credentials}`,
    ...(s.forwardInsecure ? [`${UNDER}its TLS certificate is NOT verified (--forward-insecure)`] : []),
    ...(s.forwardCa !== undefined ? [`${UNDER}trusting the certificate in ${s.forwardCa}`] : []),
    ...(s.forwardStatus ? [`${UNDER}the sender gets your app's status and body (--forward-status)`] : []),
  ];
}

/** "  Documents:  .itscope-hooks/documents (from https://…)", or the API on a line of its own when that is too wide. */
function documentLines(home: string, apiBase: string, width: number): string[] {
  const one = `  Documents:  ${home} (from ${apiBase})`;
  return displayWidth(one) <= width ? [one] : [`  Documents:  ${home}`, `${UNDER}from ${apiBase}`];
}

/** Lines shown when the receiver is up. */
export function bannerLines(s: ListenSettings, url: string, port: number, extras: BannerExtras = {}): string[] {
  const { tunnel, ui, documents, cwd } = extras;
  const width = extras.width ?? DEFAULT_WIDTH;
  const prose = Math.min(width, DEFAULT_WIDTH) - 2;
  const paragraph = (text: string) => wrapWords(text, prose).map((line) => `  ${line}`);
  const shown = (path: string) => (cwd ? displayPath(path, cwd) : path);
  const { path } = s;
  return [
    `Listening for ITscope webhooks on ${url}`,
    ...(s.portFrom !== undefined ? [`  Port:       ${port} from ${s.portFrom.startsWith('$') ? s.portFrom : shown(s.portFrom)}`] : []),
    `  Basic Auth: ${s.auth ? `on (user "${s.auth.user}")` : "off (set --user and --password to match ITscope's settings)"}`,
    `  Captures:   ${shown(s.captures)}`,
    ...(documents ? documentLines(shown(documents.home), documents.apiBase, width) : []),
    ...(ui ? [`  Inspector:  ${ui}`] : []),
    ...(s.tlsCert ? [`  TLS:        ${s.tlsCert}`] : []),
    ...(s.forwardTo ? forwardLines(s, s.forwardTo) : []),
    ...(tunnel ? [tunnelHeadLine(tunnel)] : []),
    '',
    ...(s.tlsCert
      ? paragraph(
          `Paste https://<a host name this certificate is valid for>:${port}${path} into ITscope's webhook settings page and press Test. ITscope must be able to reach this port, and the certificate should come from a public CA (e.g. Let's Encrypt): a sender that checks certificates refuses a self-signed one.`,
        )
      : tunnel?.publicUrl
        ? pasteLines(tunnel, tunnel.publicUrl)
        : [
            '  ITscope only calls https URLs. Expose this port with a tunnel, e.g.',
            `    cloudflared tunnel --url http://localhost:${port}`,
            `    ngrok http ${port}`,
            ...paragraph(
              `then paste the tunnel's https URL plus "${path}" into ITscope's webhook settings page (e.g. https://<your-tunnel-host>${path}) and press Test.${tunnel ? '' : ' Or let listen start one and print the URL to paste: add --tunnel.'}`,
            ),
          ]),
    '',
    '  Stop with Ctrl-C.',
  ];
}
