/**
 * `send` options → a plan: what to send, where, how many,
 * how fast. Pure: every mistake a user can make here is a UserError that says how to fix it.
 */

import { duration, wholeNumber } from '../cli/values.js';
import type { Resolved, TypeUrl } from '../core/config.js';
import { MAX_DELIVERIES } from '../core/deal-facts.js';
import { MAX_DEALS } from '../core/deal-plan.js';
import { UserError } from '../core/errors.js';
import { EVENT_TYPES, type EventType } from '../core/payload-rules.js';
import type { SampleOverrides } from '../core/samples.js';
import { checkTargetUrl } from '../http/target-url.js';

/** How generated samples are played: N deals of ORDER, ORDERRESPONSE, K × DELIVERY, INVOICE. */
export interface DealOptions {
  deals: number;
  deliveries: number;
  intervalMs: number;
  /** --deals, --deliveries or --interval was given: the output names deals and steps. */
  explicit: boolean;
}

/** The longest --interval: a deal of 3 + 20 steps then still ends within a day. */
export const MAX_INTERVAL_MS = 3_600_000;

export type SendSource =
  | { kind: 'samples'; types: EventType[]; explicitTypes: boolean; overrides: SampleOverrides; deals: DealOptions }
  | { kind: 'file'; path: string }
  | { kind: 'event'; eventId: string };

export interface SendPlan {
  source: SendSource;
  /** Load mode: this many webhooks with fresh eventIds. */
  count: number | undefined;
  concurrency: number;
  timeoutMs: number;
  dryRun: boolean;
  /** --junit: write a JUnit report of what was sent. */
  junit: string | undefined;
  /** Said on stderr before sending (a bare --timeout that was likely meant as seconds). */
  warnings: string[];
}

const TYPE_HINT = `use ${EVENT_TYPES.join(', ')} or all (repeat --type or give a comma list)`;

/** `--type` values (repeatable, comma lists, any case) → event types; none → all four. */
export function parseTypes(values: readonly string[] | undefined): { types: EventType[]; explicit: boolean } {
  const words = (values ?? [])
    .flatMap((v) => v.split(','))
    .map((w) => w.trim())
    .filter(Boolean);
  if (words.length === 0) return { types: [...EVENT_TYPES], explicit: false };
  const picked = new Set<EventType>();
  for (const word of words) {
    const upper = word.toUpperCase();
    if (upper === 'ALL') for (const t of EVENT_TYPES) picked.add(t);
    else if ((EVENT_TYPES as readonly string[]).includes(upper)) picked.add(upper as EventType);
    else throw new UserError(`unknown event type "${word}"`, TYPE_HINT);
  }
  // Keep ITscope's order (ORDER before DELIVERY …), whatever order the flags came in.
  return { types: EVENT_TYPES.filter((t) => picked.has(t)), explicit: true };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const OVERRIDE_FLAGS = [
  ['status', '--status'],
  ['orderId', '--order-id'],
  ['itscopeOrderId', '--itscope-order-id'],
  ['transactionId', '--transaction-id'],
  ['documentId', '--document-id'],
] as const;

/** commander's options for `send` → a plan. Conflicting flags are rejected here. */
export function parseSendOptions(options: Record<string, unknown>): SendPlan {
  const file = text(options.file);
  const eventId = text(options.eventId);
  const typeValues = options.type as string[] | undefined;
  const given = OVERRIDE_FLAGS.filter(([key]) => text(options[key]) !== undefined).map(([, flag]) => flag);
  const count = options.count === undefined ? undefined : wholeNumber(options.count, '--count', 1, 10_000_000);
  const concurrency = wholeNumber(options.concurrency ?? '1', '--concurrency', 1, 1000);
  // Bare numbers keep the flag's historical unit, milliseconds (`--timeout 10000` is 10s).
  const timeoutMs = duration(options.timeout ?? '10s', '--timeout', { bareUnit: 'ms', min: 1, max: 3_600_000 });
  const dryRun = Boolean(options.dryRun);
  const junit = text(options.junit);
  if (junit !== undefined && count !== undefined) {
    throw new UserError(
      '--junit cannot be combined with --count',
      'load mode sends thousands of webhooks; --junit reports deals (--deals N) or a replay (--file) as tests',
    );
  }
  if (junit !== undefined && dryRun) throw new UserError('--junit reports what was sent, and --dry-run sends nothing', 'drop --dry-run, or drop --junit');
  const dealFlags = (['deals', 'deliveries', 'interval'] as const).filter((key) => options[key] !== undefined).map((key) => `--${key}`);

  let source: SendSource;
  if (file !== undefined || eventId !== undefined) {
    const flag = file !== undefined ? '--file' : '--event-id';
    if (file !== undefined && eventId !== undefined) {
      throw new UserError('--file and --event-id both choose what to send', 'use one of them: --file PATH replays a file, --event-id ID one captured event');
    }
    if (typeValues?.length)
      throw new UserError(`--type cannot be combined with ${flag}`, `${flag} sends the recorded payloads unchanged, whatever their type; drop --type`);
    if (given.length)
      throw new UserError(
        `${given.join(', ')} cannot be combined with ${flag}`,
        `${flag} sends the exact recorded bytes; overrides only apply to generated samples`,
      );
    if (count !== undefined)
      throw new UserError(`--count cannot be combined with ${flag}`, 'a replay sends each recorded payload once; load mode (--count) generates fresh samples');
    if (dealFlags.length)
      throw new UserError(
        `${dealFlags.join(', ')} cannot be combined with ${flag}`,
        `${flag} sends the recorded payloads as they are; deals are generated samples`,
      );
    source = file !== undefined ? { kind: 'file', path: file } : { kind: 'event', eventId: eventId as string };
  } else {
    const { types, explicit } = parseTypes(typeValues);
    if (count !== undefined && dealFlags.length) {
      throw new UserError(
        `--count cannot be combined with ${dealFlags.join(', ')}`,
        '--count is load mode (N webhooks of one deal, as fast as they go); --deals N plays N complete deals (ORDER … INVOICE)',
      );
    }
    source = {
      kind: 'samples',
      types,
      explicitTypes: explicit,
      deals: {
        deals: options.deals === undefined ? 1 : wholeNumber(options.deals, '--deals', 1, MAX_DEALS),
        deliveries: options.deliveries === undefined ? 1 : wholeNumber(options.deliveries, '--deliveries', 1, MAX_DELIVERIES),
        intervalMs: options.interval === undefined ? 0 : duration(options.interval, '--interval', { bareUnit: 'ms', max: MAX_INTERVAL_MS }),
        explicit: dealFlags.length > 0,
      },
      overrides: {
        transactionStatus: text(options.status)?.toUpperCase(),
        orderId: text(options.orderId),
        itscopeOrderId: text(options.itscopeOrderId),
        transactionId: text(options.transactionId),
        documentId: text(options.documentId),
      },
    };
  }
  const warnings: string[] = [];
  // `--timeout 30` is 30 ms, as it always was; someone who meant seconds is told.
  if (typeof options.timeout === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(options.timeout) && timeoutMs < 100) {
    warnings.push(
      `--timeout ${options.timeout.trim()} is ${timeoutMs} ms (a bare number is milliseconds); for seconds write --timeout ${options.timeout.trim()}s`,
    );
  }
  return { source, count, concurrency, timeoutMs, dryRun, junit, warnings };
}

export interface TargetInput {
  /** The resolved webhookUrl setting (flag > ITSCOPE_WEBHOOK_URL > config). */
  url: Resolved<string | undefined>;
  /** Per-type URLs from the config, as on ITscope's settings page. */
  webhookUrls: Record<EventType, Resolved<TypeUrl>>;
}

export interface Targets {
  /** The types that will be sent (types without a target are dropped unless asked for). */
  types: EventType[];
  /** The URL for a payload of this event type (undefined type: a replayed non-ITscope body). */
  urlFor(type: string | undefined): URL;
  /** A one-line description for messages. */
  describe: string;
}

const NO_TARGET_HINT =
  'pass --url URL, set ITSCOPE_WEBHOOK_URL, or run `itscope-hooks init` to store per-type URLs (e.g. --url http://127.0.0.1:8765/ for `itscope-hooks listen`)';

/**
 * Where each type goes: --url or ITSCOPE_WEBHOOK_URL sends everything to one URL; else
 * each type enabled in the config goes to its own URL, as ITscope itself does, and the
 * config's webhookUrl covers the rest.
 */
export function planTargets(input: TargetInput, types: readonly EventType[], explicitTypes: boolean): Targets {
  const single = input.url.value;
  if (single !== undefined && (input.url.source === 'flag' || input.url.source === 'env')) {
    const url = checkTargetUrl(single, input.url.source === 'flag' ? '--url' : 'ITSCOPE_WEBHOOK_URL');
    return { types: [...types], urlFor: () => url, describe: url.href };
  }
  const fallback = single !== undefined ? checkTargetUrl(single, `webhookUrl in ${input.url.origin ?? 'the config'}`) : undefined;
  const perType = new Map<string, URL>();
  for (const type of EVENT_TYPES) {
    const entry = input.webhookUrls[type];
    if (entry.value.enabled && entry.value.url) perType.set(type, checkTargetUrl(entry.value.url, `webhookUrls.${type} in ${entry.origin ?? 'the config'}`));
  }
  if (perType.size === 0 && !fallback) throw new UserError('no target URL to send to', NO_TARGET_HINT);
  const missing = types.filter((t) => !perType.has(t) && !fallback);
  if (explicitTypes && missing.length) {
    throw new UserError(`no URL configured for ${missing.join(', ')}`, `enable the type with a URL (\`itscope-hooks init\`), or pass --url URL`);
  }
  const chosen = types.filter((t) => perType.has(t) || fallback);
  const urlFor = (type: string | undefined): URL => {
    const url = (type !== undefined ? perType.get(type) : undefined) ?? fallback;
    if (!url) throw new UserError(`no URL configured for ${type ?? 'a payload without eventType'}`, NO_TARGET_HINT);
    return url;
  };
  const hosts = new Set(chosen.map((t) => urlFor(t).href));
  return { types: chosen, urlFor, describe: hosts.size === 1 ? ([...hosts][0] ?? '') : 'the per-type URLs of the config' };
}
