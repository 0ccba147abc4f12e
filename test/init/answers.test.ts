import { describe, expect, it } from 'vitest';
import { webhookUrlProblem } from '../../src/core/config-file.js';
import { UserError } from '../../src/core/errors.js';
import { answersFromFlags, buildConfig, formatSummary, portProblem, userProblem } from '../../src/init/answers.js';
import { gitignoreCovers, withGitignoreEntry } from '../../src/init/gitignore.js';

describe('webhookUrlProblem', () => {
  it.each([
    ['https://hooks.example.com/itscope', undefined],
    ['  https://hooks.example.com/  ', undefined],
    ['https://abc.trycloudflare.com', undefined],
    ['http://hooks.example.com/', /only calls https URLs, not http/],
    ['http://localhost:8765/', /only calls https URLs/],
    ['ftp://x.example.com/', /not ftp/],
    ['hooks.example.com/x', /"hooks.example.com\/x" has no scheme; enter https:\/\/hooks.example.com\/x/],
    ['not a url', /is not a URL/],
    ['', /enter a URL/],
    ['https://user:pw@hooks.example.com/', /leave the credentials out/],
  ])('%j → %s', (url, expected) => {
    const problem = webhookUrlProblem(url);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });
});

describe('portProblem and userProblem', () => {
  it.each([
    ['1', undefined],
    ['8765', undefined],
    ['65535', undefined],
    ['0', /not a port/],
    ['65536', /not a port/],
    ['-1', /not a port/],
    ['80.5', /not a port/],
    ['abc', /not a port/],
  ])('port %j', (value, expected) => {
    const problem = portProblem(value);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });

  it('user names cannot contain a colon', () => {
    expect(userProblem('hooks')).toBeUndefined();
    expect(userProblem('a:b')).toMatch(/cannot contain ":"/);
  });
});

describe('answersFromFlags', () => {
  it('maps every flag; a URL flag enables its type', () => {
    expect(
      answersFromFlags({
        user: 'u',
        password: 'p',
        urlOrder: 'https://o.example.com',
        urlOrderresponse: 'https://r.example.com',
        urlDelivery: 'https://d.example.com',
        urlInvoice: 'https://i.example.com',
        accountId: ' a ',
        apiKey: 'k',
        port: '9000',
        captures: 'caps',
        yes: true,
        json: false,
      }),
    ).toEqual({
      webhookUser: 'u',
      webhookPassword: 'p',
      webhookUrls: {
        ORDER: { enabled: true, url: 'https://o.example.com' },
        ORDERRESPONSE: { enabled: true, url: 'https://r.example.com' },
        DELIVERY: { enabled: true, url: 'https://d.example.com' },
        INVOICE: { enabled: true, url: 'https://i.example.com' },
      },
      accountId: 'a',
      apiKey: 'k',
      port: 9000,
      captures: 'caps',
    });
    expect(answersFromFlags({})).toEqual({});
  });

  it.each([
    [{ urlOrderresponse: 'http://x.example.com' }, '--url-orderresponse'],
    [{ port: '0' }, '--port'],
    [{ user: 'x:y' }, '--user'],
    [{ password: '' }, '--password'],
    [{ apiKey: '' }, '--api-key'],
    [{ captures: ' ' }, '--captures'],
  ])('%j → UserError naming %s with a fix', (options, flag) => {
    let error: unknown;
    try {
      answersFromFlags(options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message.startsWith(flag)).toBe(true);
    expect((error as UserError).hint).toBeTruthy();
  });
});

describe('buildConfig', () => {
  it('lays answers over the existing file and keeps what was not answered', () => {
    const existing = {
      webhookUser: 'old',
      webhookPassword: 'pw',
      apiBase: 'https://api.example.com/2.1',
      webhookUrls: { ORDER: { enabled: true, url: 'https://o.example.com' }, INVOICE: { enabled: true, url: 'https://i.example.com' } },
    };
    expect(
      buildConfig(existing, {
        webhookUser: 'new',
        webhookUrls: { ORDER: { enabled: false }, DELIVERY: { enabled: true, url: 'https://d.example.com' } },
        port: 9001,
      }),
    ).toEqual({
      webhookUser: 'new',
      webhookPassword: 'pw',
      apiBase: 'https://api.example.com/2.1',
      // A disabled type keeps its URL, as ITscope's form keeps the field filled.
      webhookUrls: {
        ORDER: { enabled: false, url: 'https://o.example.com' },
        INVOICE: { enabled: true, url: 'https://i.example.com' },
        DELIVERY: { enabled: true, url: 'https://d.example.com' },
      },
      port: 9001,
    });
  });

  it('starts from nothing and never changes the existing object', () => {
    const existing = { webhookUser: 'a' };
    expect(buildConfig(undefined, { accountId: 'x' })).toEqual({ accountId: 'x' });
    buildConfig(existing, { webhookUser: 'b' });
    expect(existing).toEqual({ webhookUser: 'a' });
  });

  it('refuses to build a file the reader would reject', () => {
    expect(() => buildConfig(undefined, { port: 70000 })).toThrow();
  });
});

describe('formatSummary', () => {
  it('shows settings and only whether secrets are set', () => {
    const text = formatSummary({
      webhookUser: 'hooks',
      webhookPassword: 'very-secret-pw',
      apiKey: 'very-secret-key',
      webhookUrls: { DELIVERY: { enabled: true, url: 'https://d.example.com' }, ORDER: { enabled: false, url: 'https://o.example.com' } },
    });
    expect(text).not.toContain('very-secret');
    expect(text).toMatch(/Basic Auth password\s+\[redacted\]/);
    expect(text).toMatch(/API key\s+\[redacted\]/);
    expect(text).toMatch(/DELIVERY webhook\s+on {2}https:\/\/d\.example\.com/);
    expect(text).toMatch(/ORDER webhook\s+off {2}https:\/\/o\.example\.com/);
    expect(text).toMatch(/INVOICE webhook\s+off$/m);
    expect(text).toMatch(/API Account ID\s+\(not set\)/);
    expect(text).toMatch(/Listen port\s+8765/);
    expect(formatSummary({})).toMatch(/Basic Auth password\s+\(not set\)/);
  });
});

describe('.gitignore', () => {
  it.each([
    ['.itscope-hooks/', true],
    ['.itscope-hooks', true],
    ['/.itscope-hooks/', true],
    ['**/.itscope-hooks/', true],
    ['.itscope-hooks/*', true],
    ['node_modules\n  .itscope-hooks/  \r\n', true],
    ['# .itscope-hooks/', false],
    ['.itscope-hooks/captures/', false],
    ['itscope-hooks/', false],
    ['', false],
  ])('%j covers the folder: %s', (text, covered) => {
    expect(gitignoreCovers(text)).toBe(covered);
  });

  it('appends the entry once, keeping the last line intact', () => {
    expect(withGitignoreEntry('')).toMatch(/^#.*\n\.itscope-hooks\/\n$/);
    const added = withGitignoreEntry('dist');
    expect(added.startsWith('dist\n#')).toBe(true);
    expect(withGitignoreEntry(added)).toBe(added);
    expect(withGitignoreEntry('a\n')).toMatch(/^a\n#/);
  });
});
