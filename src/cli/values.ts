/** Facts about flags that several commands share, so the same mistake gets the same answer everywhere. */

/** For an empty or unusable --host (listen, mock-api). */
export const HOST_HINT = 'use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface), or leave the flag out for 127.0.0.1';

/** setTimeout's largest delay (2^31-1 ms); a longer one fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;
/** A --timeout in seconds: the largest whole number of seconds a timer can wait (about 24 days). */
export const MAX_TIMEOUT_S = Math.floor(MAX_TIMER_MS / 1000);
