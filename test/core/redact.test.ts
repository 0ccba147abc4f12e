import { describe, expect, it } from 'vitest';
import { isSecretHeader, REDACTED, redactHeaders, redactQuery, redactSecret, redactUrl, scrub } from '../../src/core/redact.js';

describe('redaction', () => {
  it.each([
    ['http://user:s3cret@proxy.example:8080/', `http://${REDACTED}@proxy.example:8080/`],
    // A user name alone is often a token (https://TOKEN@host/): replaced as well.
    ['http://onlyuser@proxy.example/', `http://${REDACTED}@proxy.example/`],
    ['https://ghp_abc123token@hooks.example.com/x', `https://${REDACTED}@hooks.example.com/x`],
    ['https://:only-password@hooks.example.com/', `https://${REDACTED}@hooks.example.com/`],
    ['https://api.itscope.com/2.1', 'https://api.itscope.com/2.1'],
  ])('redactUrl(%s)', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('keeps the scheme of an Authorization header and drops the credentials', () => {
    expect(redactHeaders({ Authorization: 'Basic dXNlcjpwdw==', 'content-type': 'application/json', cookie: 'a=b' })).toEqual({
      Authorization: `Basic ${REDACTED}`,
      'content-type': 'application/json',
      cookie: REDACTED,
    });
  });

  it.each([
    'Authorization',
    'Proxy-Authorization',
    'Cookie',
    'Set-Cookie',
    'Api-Key',
    'X-Api-Key',
    'X-API-KEY',
    'X-Auth-Token',
    'X-Access-Token',
    'X-Hub-Signature-256',
    'Stripe-Signature',
    'X-Signature',
    'X-Webhook-Secret',
  ])('%s is a credential header', (name) => {
    expect(isSecretHeader(name)).toBe(true);
    expect(redactHeaders({ [name]: 'sha256=abcdef0123' })).toEqual({ [name]: REDACTED });
  });

  it.each(['content-type', 'user-agent', 'x-request-id', 'x-forwarded-for', 'accept'])('%s is not', (name) => {
    expect(isSecretHeader(name)).toBe(false);
  });

  it('redacts the values of token, key, secret, password and signature query parameters, keeping the rest exact', () => {
    expect(redactQuery('')).toBe('');
    expect(redactQuery('a=1&b=%20x')).toBe('a=1&b=%20x');
    expect(redactQuery('token=abc&x=1&api_key=k1&apiKey=k2&secret=s&sig=1&Signature=2&password=p&flag')).toBe(
      `token=${REDACTED}&x=1&api_key=${REDACTED}&apiKey=${REDACTED}&secret=${REDACTED}&sig=1&Signature=${REDACTED}&password=${REDACTED}&flag`,
    );
    expect(redactQuery('access%5Ftoken=abc')).toBe(`access%5Ftoken=${REDACTED}`);
  });

  it('shows only whether a secret is set', () => {
    expect(redactSecret('pw')).toBe(REDACTED);
    expect(redactSecret('')).toBe('(not set)');
    expect(redactSecret(undefined)).toBe('(not set)');
  });

  it('scrubs secrets out of library messages', () => {
    expect(scrub('connect failed for key abc123 at host', ['abc123', undefined, 'x'])).toBe(`connect failed for key ${REDACTED} at host`);
  });
});

describe('createDispatcher', () => {
  it('turns a malformed proxy variable into a usage error that does not show its value', async () => {
    const { createDispatcher } = await import('../../src/http/dispatcher.js');
    let error: unknown;
    try {
      createDispatcher({ env: { HTTPS_PROXY: 'http://user:pa55word@bad host:99' } });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: 'UserError', exitCode: 2 });
    expect((error as Error).message).toContain('HTTPS_PROXY');
    expect((error as Error).message).not.toContain('pa55word');
  });
});
