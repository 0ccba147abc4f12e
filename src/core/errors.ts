/**
 * Errors that carry an exit code. Only src/cli.ts turns them into `process.exitCode`;
 * everything else throws them.
 */

/** A mistake the user can fix: bad flag, bad value, missing credentials, unreadable file. Exit 2. */
export class UserError extends Error {
  readonly exitCode = 2;
  /** What to do about it, printed on its own line under the message. */
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'UserError';
    this.hint = hint;
  }
}

/**
 * The thing the command checked failed (invalid payload, non-2xx answer, expected events
 * did not arrive, download failed). Exit 1. The command has usually printed the details
 * already; `message` is a one-line summary for stderr, or empty to print nothing more.
 */
export class CheckFailed extends Error {
  readonly exitCode = 1;
  constructor(message = '') {
    super(message);
    this.name = 'CheckFailed';
  }
}

/** The user stopped the command (Ctrl-C, SIGTERM) before it finished. Exit 130, as shells do. */
export class Interrupted extends Error {
  readonly exitCode = 130;
  constructor(message: string) {
    super(message);
    this.name = 'Interrupted';
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/** Node's errno-style errors (ENOENT, EACCES, EADDRINUSE, …). */
export function errnoCode(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
