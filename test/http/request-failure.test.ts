import { describe, expect, test } from 'vitest';
import { errorCode, explainRequestFailure } from '../../src/http/request-failure.js';

const describeSendError = (error: unknown, url: URL, timeoutMs: number) =>
  explainRequestFailure(error, { url, timeoutMs, refusedHint: 'start the receiver (e.g. `itscope-hooks listen`)', timeoutHint: 'raise --timeout MS' });

const url = new URL('https://hooks.example.com:8443/x');
const err = (code: string, message = code, extra: object = {}) => Object.assign(new Error(message), { code }, extra);

describe('explainRequestFailure', () => {
  test.each([
    [err('ENOTFOUND'), /DNS: host "hooks.example.com" not found/, /host name/],
    [err('ECONNREFUSED'), /connection refused by hooks.example.com:8443/, /itscope-hooks listen/],
    [err('DEPTH_ZERO_SELF_SIGNED_CERT'), /TLS: the server certificate is self-signed/, /--ca FILE.*--insecure/],
    [err('CERT_HAS_EXPIRED'), /TLS: the server certificate has expired/, /--ca FILE/],
    [err('ERR_TLS_CERT_ALTNAME_INVALID'), /does not match the host name/, /--ca FILE/],
    [err('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), /unknown issuer/, /--ca FILE/],
    [err('UND_ERR_HEADERS_TIMEOUT'), /no answer from hooks.example.com:8443 within 1500 ms/, /--timeout/],
    [err('ERR_SSL_WRONG_VERSION_NUMBER', 'ssl3_get_record:wrong version number'), /TLS handshake .* failed/, /plain http/],
  ])('%s', (error, message, hint) => {
    const f = describeSendError(error, url, 1500);
    expect(f.message).toMatch(message);
    expect(f.hint).toMatch(hint);
  });
  test('undici socket wrappers and AggregateErrors are looked through', () => {
    expect(errorCode(err('UND_ERR_SOCKET', 'other side closed', { cause: err('ECONNRESET') }))).toBe('ECONNRESET');
    expect(errorCode(Object.assign(new AggregateError([err('ECONNREFUSED'), err('ECONNREFUSED')]), {}))).toBe('ECONNREFUSED');
    expect(describeSendError(new Error('odd'), url, 10).message).toBe('request to hooks.example.com:8443 failed: odd');
  });
});
