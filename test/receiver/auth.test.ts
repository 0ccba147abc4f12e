import { describe, expect, it } from 'vitest';
import { createAuthChecker } from '../../src/receiver/auth.js';

describe('basic auth', () => {
  const check = createAuthChecker({ user: 'hooks', password: 'p:w' });
  const b64 = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;
  it.each([
    [b64('hooks:p:w'), { ok: true, user: 'hooks' }],
    [b64('hooks:p:x'), { ok: false, user: 'hooks', reason: 'wrong' }],
    [b64('hooks'), { ok: false, reason: 'malformed' }],
    ['Bearer abc', { ok: false, reason: 'malformed' }],
    [undefined, { ok: false, reason: 'missing' }],
    [`basic  ${Buffer.from('hooks:p:w').toString('base64')}`, { ok: true, user: 'hooks' }],
  ])('%s', (header, result) => expect(check(header)).toEqual(result));
});
