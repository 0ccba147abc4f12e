/**
 * `listen --tunnel`, as listen's run uses it: start the program for the bound port, wait
 * (bounded by --tunnel-timeout) for its public URL, and report what happens: the ready
 * line's fields, the banner, the warnings, a failure with the program's last lines. listen
 * keeps receiving locally whatever the tunnel does.
 */
import type { CommandContext } from '../cli/context.js';
import { usableWidth } from '../ui/fit.js';
import { failureHint, publicWebhookUrl, type TunnelProgram, tunnelTarget } from './tunnel-output.js';
import { startTunnel, type TunnelFailure } from './tunnel-process.js';
import { failureJson, failureLines, type TunnelBanner, type TunnelFailureReport, tunnelWarnings } from './tunnel-report.js';

export interface ListenTunnel {
  /** Added to the ready line: `"tunnel"` and `"publicUrl"` (null when the tunnel did not start). */
  readyFields: { tunnel: TunnelProgram; publicUrl: string | null };
  banner: TunnelBanner;
  /** Prints the warnings, and in --json a failure line; call after the ready line and the banner. */
  afterBanner(): void;
  stop(): Promise<void>;
}

export interface OpenTunnelOptions {
  found: { program: TunnelProgram; executable: string };
  receiver: { url: string; host: string; port: number };
  timeoutMs: number;
  basicAuth: { password: string } | undefined;
  /** Resolves when listen is asked to stop (a signal, the CI goal): the wait ends then. */
  stopped: Promise<unknown>;
}

export async function openTunnel(o: OpenTunnelOptions, ctx: CommandContext): Promise<ListenTunnel> {
  const { out } = ctx;
  const { program } = o.found;
  const target = tunnelTarget(o.receiver.host, o.receiver.port);
  const secrets = [o.basicAuth?.password, ctx.env.NGROK_AUTHTOKEN, ctx.env.TUNNEL_TOKEN];
  const tunnel = startTunnel({ ...o.found, target, env: ctx.env, timeoutMs: o.timeoutMs, secrets });
  out.info(out.errColor.dim(`Starting: ${program} ${tunnel.args.join(' ')}`));

  const report = (state: 'failed' | 'lost', failure: TunnelFailure, publicUrl?: string): TunnelFailureReport => {
    const r = { program, state, ...failure, hint: failureHint(program, failure.lines), localUrl: o.receiver.url, publicUrl };
    const [first = '', ...rest] = failureLines(r, usableWidth(process.stderr, ctx.env));
    out.error(first);
    for (const line of rest) out.info(line);
    return r;
  };

  void o.stopped.then(() => tunnel.expectEnd());
  const outcome = await Promise.race([tunnel.ready, o.stopped.then(() => undefined)]);
  let failed: TunnelFailureReport | undefined;
  let publicUrl: string | null = null;
  if (outcome?.ok) {
    publicUrl = publicWebhookUrl(outcome.origin, o.receiver.url);
    const lostUrl = publicUrl;
    tunnel.onLost((failure) => {
      const r = report('lost', failure, lostUrl);
      if (out.json) out.jsonLine(failureJson(r));
    });
  } else if (outcome) {
    failed = report('failed', outcome);
  } else {
    void tunnel.stop();
  }
  const banner: TunnelBanner = { program, target, publicUrl, connected: outcome?.ok === true && outcome.connected, stopped: !outcome };

  return {
    readyFields: { tunnel: program, publicUrl },
    banner,
    afterBanner() {
      if (failed && out.json) out.jsonLine(failureJson(failed));
      for (const w of tunnelWarnings(banner, o.basicAuth !== undefined)) {
        const [first = '', ...rest] = w.lines;
        out.warn(first);
        for (const line of rest) out.info(`  ${line}`);
        if (w.fix) out.info(`  ${out.errColor.dim(`fix: ${w.fix}`)}`);
      }
    },
    stop: () => tunnel.stop(),
  };
}
