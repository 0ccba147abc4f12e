/**
 * The payload rules as JSON Schema `pattern`s: ECMA-262 regular expressions without flags,
 * anchored, built only from constructs that Python's `re`, Java, .NET and Go's RE2 read the
 * same way (no lookaround, no backreferences, `[0-9]` rather than `\d`).
 *
 * Each pattern accepts exactly what `validate` accepts for that field on its own; the
 * constants come from payload-rules.ts, and test/schema/patterns.test.ts compares every
 * pattern with the rule it mirrors (isRealDateTime, parseDocumentUrl, decodeURIComponent)
 * over exhaustive and edge-case inputs, so the two cannot drift apart unnoticed.
 */
import { DOC_FORMATS, DOC_TYPES, type DocFormat, type DocType, STATUS_RE, UUID_RE } from '../core/payload-rules.js';

/** Any character that is not white space: `validate` rejects empty and blank strings (/\S/). */
export const NOT_BLANK_PATTERN = '\\S';

/** `[Hh][Tt][Tt][Pp][Ss]` for "https": the pattern form of a case-insensitive word. */
export function caseless(word: string): string {
  return [...word].map((c) => (c.toLowerCase() === c.toUpperCase() ? escapeRegex(c) : `[${c.toUpperCase()}${c.toLowerCase()}]`)).join('');
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, (c) => `\\${c}`);
}

/**
 * UUID_RE without its `i` flag (JSON Schema patterns have no flags): every hex class
 * gains its upper-case letters. zod's own JSON Schema drops the flag, which would turn
 * away upper-case UUIDs that `validate` accepts.
 */
export const UUID_PATTERN = UUID_RE.flags.includes('i') ? UUID_RE.source.replaceAll('[0-9a-f]', '[0-9a-fA-F]') : UUID_RE.source;

/** transactionStatus: an upper-case word. Unknown words are allowed (validate only warns). */
export const STATUS_PATTERN = STATUS_RE.source;

const LEAP_YY = '(?:0[48]|[2468][048]|[13579][26])';
/** Years with a 29 February: divisible by 4 but not by 100, or divisible by 400. */
const LEAP_YEAR = `(?:[0-9]{2}${LEAP_YY}|(?:00|${LEAP_YY})00)`;
const MONTH_DAY = [
  '(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])', // months of 31 days
  '(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)', // months of 30 days
  '02-(?:0[1-9]|1[0-9]|2[0-8])', // February, any year
].join('|');
const TIME = '(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?';

/**
 * ITscope's timestamp: local date-time without a zone, seconds required, up to nine
 * fraction digits (TIMESTAMP_RE), and a real calendar date and time of day
 * (isRealDateTime): 30 days in April, 29 February only in leap years, hours 00-23.
 */
export const TIMESTAMP_PATTERN = `^(?:[0-9]{4}-(?:${MONTH_DAY})|${LEAP_YEAR}-02-29)T${TIME}$`;

const HEX = '[0-9A-Fa-f]';
const CONT = `%[89ABab]${HEX}`;
/**
 * One percent-encoded UTF-8 character, as decodeURIComponent accepts it (no overlong forms,
 * no surrogates, nothing above U+10FFFF). validate decodes a transactionId that holds a %,
 * and a URL whose transactionId does not decode is "not of the documented form".
 */
const PERCENT_ENCODED_CHAR = [
  `%[0-7]${HEX}`,
  `%[Cc][2-9A-Fa-f]${CONT}`,
  `%[Dd]${HEX}${CONT}`,
  `%[Ee]0%[ABab]${HEX}${CONT}`,
  `%[Ee][1-9ABCabc](?:${CONT}){2}`,
  `%[Ee][Dd]%[89]${HEX}${CONT}`,
  `%[Ee][EFef](?:${CONT}){2}`,
  `%[Ff]0%[9ABab]${HEX}(?:${CONT}){2}`,
  `%[Ff][1-3](?:${CONT}){3}`,
  `%[Ff]4%8${HEX}(?:${CONT}){2}`,
].join('|');

/** The {transactionId} segment of a documentUrl: no / ? #, and % only as encoded UTF-8. */
export const TRANSACTION_ID_SEGMENT = `(?:[^/?#%]|${PERCENT_ENCODED_CHAR})+`;

/** Which document types exist as PDF: only INVOICE (ZUGFeRD), as ITscope documents. */
export const PDF_DOC_TYPES: readonly DocType[] = ['INVOICE'];

/** `(?:ORDER|ORDERRESPONSE|…)`: the `\.` after it keeps ORDER from matching ORDERRESPONSE. */
function alternatives(words: readonly string[]): string {
  return words.length === 1 ? (words[0] ?? '') : `(?:${words.join('|')})`;
}

/**
 * The documented form of documentUrl, as parseDocumentUrl reads it:
 * https://host[:port][/prefix]/business/documents/{transactionId}/{DOCTYPE}.{xml|pdf}.
 * The scheme and the extension are case-insensitive there (it lower-cases them), the
 * DOCTYPE is not. `docTypes` narrows the DOCTYPE (one event type's document); `formats`
 * the extensions.
 */
export function documentUrlPattern(docTypes: readonly DocType[] = DOC_TYPES, formats: readonly DocFormat[] = DOC_FORMATS): string {
  const prefix = `^${caseless('https')}://(?:[^/?#@]*@)?(?:\\[[^\\]]*\\]|[^/?#:]*)(?::[0-9]+)?(?:/[^?#]*)?/business/documents/${TRANSACTION_ID_SEGMENT}/`;
  return `${prefix}${alternatives(docTypes)}\\.${alternatives(formats.map(caseless))}$`;
}

/** The end of a documentUrl that names this DOCTYPE, for the eventType → DOCTYPE rule. */
export function docTypeSuffixPattern(docType: DocType): string {
  return `/${docType}\\.[A-Za-z]+$`;
}

/** documentUrl ends in .pdf (any case). */
export const PDF_SUFFIX_PATTERN = `\\.${caseless('pdf')}$`;

/** documentUrl ends in {DOCTYPE}.pdf for a DOCTYPE that exists as PDF. */
export const PDF_DOCUMENT_PATTERN = `/${alternatives(PDF_DOC_TYPES)}${PDF_SUFFIX_PATTERN}`;
