/** Why a command could not listen on a port, as a UserError with what to do; undefined for other errors. */
import { errnoCode, UserError } from '../core/errors.js';
import { otherPort } from './ports.js';

export interface BindTarget {
  host: string;
  port: number;
  /** The flag that chose the port: --port, --ui-port … */
  flag: string;
  /** What to add after "pick another port with FLAG (e.g. …)" for this command. */
  alsoSay?: string;
  /** The flag that chose the host (default --host). */
  hostFlag?: string;
}

export function bindError(error: unknown, target: BindTarget): UserError | undefined {
  const { host, port, flag } = target;
  const code = errnoCode(error);
  if (code === 'EADDRINUSE') {
    return new UserError(
      `port ${port} on ${host} is already in use`,
      `stop the program using it, or pick another port with ${flag} (e.g. ${flag} ${otherPort(port)})${target.alsoSay ?? ''}`,
    );
  }
  if (code === 'EACCES') return new UserError(`not allowed to listen on port ${port}`, `use a port above 1023 with ${flag}`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    const why = code === 'EADDRNOTAVAIL' ? 'not an address of this machine' : 'no such host name';
    const hostFlag = target.hostFlag ?? '--host';
    return new UserError(`cannot listen on host ${host} (${why})`, `use ${hostFlag} 127.0.0.1, or ${hostFlag} 0.0.0.0 for every interface`);
  }
  return undefined;
}
