/**
 * "Copy as curl" and "Copy as itscope-hooks send": commands that send a capture's exact
 * bytes again from a terminal. Pure (tested in Node). Words are quoted for a POSIX shell.
 */

/** One word for sh: single-quoted unless it is plainly safe. */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** curl with the exact body (--data-binary keeps every byte, newlines included) and its Content-Type. */
export function curlCommand(url: string, body: string, contentType: string): string {
  return ['curl', '-sS', '-X', 'POST', shellWord(url), '-H', shellWord(`Content-Type: ${contentType}`), '--data-binary', shellWord(body)].join(' ');
}

/** `itscope-hooks send --event-id …`: sends the captured bytes from the store, as the CLI does. */
export function sendCommand(eventId: string, url: string, captures: string): string {
  return ['itscope-hooks', 'send', '--event-id', shellWord(eventId), '--url', shellWord(url), '--captures', shellWord(captures)].join(' ');
}
