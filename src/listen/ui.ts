/**
 * `listen --ui`: the web inspector served by the receiving process, on its own port
 * (never the webhook port: a tunnel makes that one public). Receiver events reach it
 * directly, so a webhook shows up as soon as it is stored. Loaded only with --ui.
 */
import { bindError } from '../cli/bind-error.js';
import type { CommandContext } from '../cli/context.js';
import { type UiAddress, uiAddress } from '../cli/ui-address.js';
import { UserError } from '../core/errors.js';
import type { ReceiverEvent } from '../receiver/events.js';
import type { Forwarder } from '../receiver/forwarder.js';
import type { ListenSettings } from './options.js';

export interface ListenUi {
  url: string;
  notify(event: ReceiverEvent): void;
  close(): Promise<void>;
}

/** Where the inspector goes; refused when it would share the webhook port. */
export function planUi(options: Record<string, unknown>, webhookPort: number): UiAddress {
  const address = uiAddress(options);
  if (address.port !== 0 && address.port === webhookPort) {
    throw new UserError(
      `--ui-port ${address.port} is the webhook port`,
      'the inspector never shares the webhook port (a tunnel makes that port public): leave --ui-port out (8767) or pick another one',
    );
  }
  return address;
}

export async function startListenUi(
  address: UiAddress,
  options: Record<string, unknown>,
  s: ListenSettings,
  ctx: CommandContext,
  parts: { webhookUrl: string; forwarder: Forwarder | undefined },
): Promise<ListenUi> {
  const [{ startInspector }, { resolveApiSettings }, lines] = await Promise.all([
    import('../inspector/server.js'),
    import('../documents/settings.js'),
    import('../ui/inspector-lines.js'),
  ]);
  const { out } = ctx;
  try {
    const inspector = await startInspector({
      captures: s.captures,
      host: address.host,
      port: address.port,
      mode: 'listen',
      webhookUrl: parts.webhookUrl,
      webhookAuth: s.auth,
      forwarder: parts.forwarder,
      apiSettings: () => resolveApiSettings({ cwd: ctx.cwd, env: ctx.env, flags: options }),
      env: ctx.env,
      onActivity: (a) => (out.json ? out.info(lines.activityLine(a, out.errColor)) : out.line(lines.activityLine(a, out.color))),
    });
    if (inspector.exposed) out.warn(out.errColor.bold(lines.exposedWarning(address.host)));
    return { url: inspector.url, notify: inspector.notify, close: inspector.close };
  } catch (error) {
    throw bindError(error, { host: address.host, port: address.port, flag: '--ui-port', hostFlag: '--ui-host' }) ?? error;
  }
}
