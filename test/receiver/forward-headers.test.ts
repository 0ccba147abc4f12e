import { describe, expect, it } from 'vitest';
import { forwardHeaders } from '../../src/receiver/forwarder.js';

describe('forwardHeaders', () => {
  const source = {
    remoteAddress: '10.1.2.3',
    headers: {
      host: 'abc.trycloudflare.com',
      'content-type': 'application/json',
      'content-length': '99',
      'content-encoding': 'gzip',
      authorization: 'Basic aG9va3M6cHc=',
      cookie: 'a=b',
      'x-api-key': 'k',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-proto': 'https',
      connection: 'close, x-secret-hop',
      'x-secret-hop': '1',
      'x-request-id': 'r1',
    },
  };

  it('keeps credentials for a target on this machine and appends to the proxy chain', () => {
    expect(forwardHeaders(source, true, 'itscope-hooks/1')).toEqual({
      'content-type': 'application/json',
      authorization: 'Basic aG9va3M6cHc=',
      cookie: 'a=b',
      'x-api-key': 'k',
      'x-forwarded-for': '203.0.113.7, 10.1.2.3',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'abc.trycloudflare.com',
      'x-request-id': 'r1',
      'user-agent': 'itscope-hooks/1',
    });
  });

  it('drops credential headers for a target on another machine', () => {
    const headers = forwardHeaders(
      {
        remoteAddress: '127.0.0.1',
        headers: {
          authorization: 'Basic x',
          'proxy-authorization': 'Basic y',
          'x-api-key': 'k',
          'api-key': 'k',
          'x-auth-token': 't',
          cookie: 'c=1',
          'x-hub-signature-256': 'sha256=s',
          'user-agent': 'ITscope',
        },
      },
      false,
      'itscope-hooks/1',
    );
    expect(headers).toEqual({ 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http', 'content-type': 'application/json', 'user-agent': 'ITscope' });
  });
});
