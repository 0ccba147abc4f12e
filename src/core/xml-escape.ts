/**
 * Text into XML 1.0, safely: what the synthetic openTRANS documents and the JUnit reports
 * write. Anything a sender chose (transactionIds, file names, messages) may contain
 * markup characters, control characters or broken UTF-16; none of it may break the
 * document or be read back differently.
 */

/**
 * Characters XML 1.0 does not allow at all, not even as character references: C0
 * controls other than tab, LF and CR, U+FFFE, U+FFFF, and lone surrogates (a surrogate
 * pair, e.g. an emoji, is fine). https://www.w3.org/TR/xml/#charsets
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without the characters XML 1.0 cannot carry. */
export function xmlChars(text: string): string {
  return text.replace(NOT_XML, '');
}

const TEXT_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTR_ESCAPES: Readonly<Record<string, string>> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
};

/**
 * Element content. `>` is escaped too, so `]]>` can never appear; CR becomes a character
 * reference because a parser would otherwise turn CRLF into LF.
 */
export function escapeXmlText(text: string): string {
  return xmlChars(text).replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

/**
 * An attribute value (for double or single quotes). Tab, LF and CR become character
 * references: a parser normalizes literal ones to spaces.
 */
export function escapeXmlAttr(text: string): string {
  return xmlChars(text).replace(/[&<>"'\t\n\r]/g, (c) => ATTR_ESCAPES[c] ?? c);
}
