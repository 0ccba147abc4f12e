/** Terminal lines about the inspector, for `listen --ui` and `inspect`. */

import type { ChalkInstance } from 'chalk';
import { printable as p } from '../core/printable.js';
import type { InspectorActivity } from '../inspector/server.js';

/** The warning for an inspector bound beyond this machine. */
export function exposedWarning(host: string): string {
  return `--ui-host ${host}: the inspector is reachable from other machines. It shows your captured webhooks and can replay them; only the URL with its token opens it. Prefer 127.0.0.1 and an SSH tunnel.`;
}

/** One line for something the page did (a replay, a download) or a request it refused. */
export function activityLine(a: InspectorActivity, c: ChalkInstance): string {
  switch (a.type) {
    case 'replay': {
      const r = a.result;
      const what = `${r.edited ? 'edited ' : ''}#${a.id} to ${p(r.url)}`;
      return r.status !== undefined
        ? `${c.cyan('↻')} replayed ${what}: ${r.ok ? c.green(String(r.status)) : c.red(String(r.status))} ${c.dim(`in ${r.ms} ms`)}`
        : `${c.cyan('↻')} replayed ${what}: ${c.red(`failed: ${p(r.error ?? 'error')}`)}`;
    }
    case 'document':
      return `${c.cyan('↓')} document of #${a.id}: ${a.status === 'failed' ? c.red(`failed: ${p(a.error ?? 'error')}`) : a.status}`;
    case 'refused':
      return `${c.yellow('!')} inspector refused ${p(a.detail)} (${a.reason === 'host' ? 'unknown Host: another site may be trying DNS rebinding' : a.reason === 'token' ? 'no token' : 'not from the inspector page'})`;
  }
}
