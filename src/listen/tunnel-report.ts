/**
 * `listen --tunnel`, what it says: the banner's tunnel lines, the warnings, the failure
 * report (human lines and the JSON line). Pure: tunnel.ts prints them.
 */
import { printable as p } from '../core/printable.js';
import { DEFAULT_WIDTH, wrapIndented, wrapWords } from '../ui/fit.js';
import type { TunnelProgram } from './tunnel-output.js';
import { urlLifetime } from './tunnel-output.js';

/** What the banner shows about the tunnel. */
export interface TunnelBanner {
  program: TunnelProgram;
  /** http://host:port the tunnel sends requests to. */
  target: string;
  /** The URL to paste into ITscope, or null when the tunnel did not start. */
  publicUrl: string | null;
  /** cloudflared: an edge connection was registered before the ready line. */
  connected: boolean;
  /** listen was stopped while the tunnel was starting. */
  stopped?: boolean;
}

/** The "Tunnel:" line beside "Captures:". */
export function tunnelHeadLine(t: TunnelBanner): string {
  if (t.stopped) return `  Tunnel:     ${t.program} stopped before it gave a URL (listen is stopping)`;
  if (t.publicUrl === null) return `  Tunnel:     ${t.program} did not start (see above): this machine only`;
  return `  Tunnel:     ${t.program} → ${t.target} (stops with listen)`;
}

/**
 * The lines that replace the "start a tunnel yourself" hint once the URL is known. The URL
 * is never broken: past 80 columns it goes on a line of its own.
 */
export function pasteLines(t: TunnelBanner, publicUrl: string): string[] {
  const one = `  Paste into ITscope: ${publicUrl}`;
  return [
    ...(one.length <= 80 ? [one] : ['  Paste into ITscope:', `  ${publicUrl}`]),
    "  as the URL of each event type on ITscope's webhook settings page, then Test.",
    ...(t.connected ? [] : [`  (${t.program} has not reported a connection yet: the URL may fail for a moment)`]),
  ];
}

/** A warning: its lines (the first follows "warning: ") and what to do about it. */
export interface TunnelWarning {
  lines: string[];
  fix?: string;
}

/** Warnings once the tunnel is public: a wide-open receiver, a URL that will change. Each line fits 80 columns. */
export function tunnelWarnings(t: TunnelBanner, basicAuth: boolean): TunnelWarning[] {
  if (t.publicUrl === null) return [];
  const warnings: TunnelWarning[] = [];
  if (!basicAuth) {
    warnings.push({
      lines: ['Basic Auth is off behind a public URL: anyone who learns it', 'can post webhooks into your captures'],
      fix: "set --user and --password here and the same pair in ITscope's settings",
    });
  }
  const lifetime = urlLifetime(t.program, t.publicUrl);
  if (lifetime !== 'stable') {
    const first =
      lifetime === 'changes'
        ? 'quick-tunnel URLs change on every start: after restarting listen,'
        : `${t.program} may give another URL on the next start: if it does,`;
    warnings.push({ lines: [first, "paste the new URL into ITscope's settings again"] });
  }
  return warnings;
}

/** Why the tunnel is not (or no longer) running, with the program's last lines. */
export interface TunnelFailureReport {
  program: TunnelProgram;
  /** 'failed': it never gave a URL; 'lost': it ended after it did. */
  state: 'failed' | 'lost';
  reason: string;
  error: string | undefined;
  lines: readonly string[];
  hint: string | undefined;
  /** The local URL listen keeps receiving on. */
  localUrl: string;
  publicUrl?: string | undefined;
}

/**
 * The failure as stderr lines (the first one goes after "error: "), each within `width`
 * columns: long lines (a program's log lines often are) wrap, nothing is cut.
 */
export function failureLines(r: TunnelFailureReport, width = DEFAULT_WIDTH): string[] {
  const text = (line: string) => wrapIndented(line, width - 2, 2).map((l) => `  ${l}`);
  const quoted = (line: string) => wrapWords(p(line), width - 6).map((l) => `    | ${l}`);
  const head = [
    `the ${r.program} tunnel ${r.state === 'failed' ? 'did not start' : 'stopped'}`,
    ...text(`${p(r.reason)}${r.state === 'lost' && r.publicUrl ? `; ${r.publicUrl} no longer reaches listen` : ''}`),
  ];
  const said = r.error !== undefined && !r.reason.includes(r.error) ? text(`${r.program} said: ${p(r.error)}`) : [];
  const last = r.lines.length
    ? [`  its last ${r.lines.length === 1 ? 'line' : `${r.lines.length} lines`}:`, ...r.lines.flatMap(quoted)]
    : [`  ${r.program} printed nothing.`];
  return [
    ...head,
    ...said,
    ...last,
    ...(r.hint ? text(`fix: ${p(r.hint)}`) : []),
    ...text(`listen goes on receiving at ${r.localUrl} (this machine only)${r.state === 'lost' ? '; restart it for a new tunnel' : ''}`),
  ];
}

/** The failure as a JSON line on stdout (--json), after the ready line. */
export function failureJson(r: TunnelFailureReport): Record<string, unknown> {
  return {
    type: 'tunnel',
    state: r.state,
    program: r.program,
    reason: r.reason,
    error: r.error ?? null,
    lastLines: r.lines,
    ...(r.hint ? { hint: r.hint } : {}),
  };
}
