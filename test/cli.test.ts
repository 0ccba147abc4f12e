import { describe, expect, it } from 'vitest';
import { buildProgram, reportError } from '../src/cli.js';
import { CheckFailed, UserError } from '../src/core/errors.js';
import { runCli } from './support/cli.js';

/** Parses argv with the real program and returns what the command would receive. */
async function parse(argv: string[]): Promise<{ name: string; options: Record<string, unknown>; args: string[] }> {
  let call: { name: string; options: Record<string, unknown>; args: string[] } | undefined;
  const program = await buildProgram(async (name, options, args) => {
    call = { name, options, args };
  });
  await program.parseAsync(['node', 'itscope-hooks', ...argv]);
  if (!call) throw new Error('no command ran');
  return call;
}

describe('argv → options wiring', () => {
  it.each([
    [['listen'], 'listen', { host: '127.0.0.1', path: '/', maxBody: '1mb', forwardTimeout: '10s' }, []],
    [
      ['listen', '--port', '9000', '--json', '--strict', '--expect', 'ORDER,INVOICE', '--timeout', '30'],
      'listen',
      { port: '9000', json: true, strict: true, expect: 'ORDER,INVOICE', timeout: '30' },
      [],
    ],
    [['--json', 'listen', '--max-events', '3'], 'listen', { json: true, maxEvents: '3' }, []],
    [
      ['listen', '--forward-to', 'http://localhost:3000/hook', '--respond-status', '500', '--delay', '200'],
      'listen',
      { forwardTo: 'http://localhost:3000/hook', respondStatus: '500', delay: '200' },
      [],
    ],
    [['send', '--type', 'DELIVERY'], 'send', { type: ['DELIVERY'], timeout: '10s', concurrency: '1' }, []],
    [
      ['send', '-t', 'ORDER', '-t', 'INVOICE,DELIVERY', '--url', 'https://x.example/h'],
      'send',
      { type: ['ORDER', 'INVOICE,DELIVERY'], url: 'https://x.example/h' },
      [],
    ],
    [
      ['send', '--count', '100', '--concurrency', '10', '--dry-run', '--insecure'],
      'send',
      { count: '100', concurrency: '10', dryRun: true, insecure: true },
      [],
    ],
    [['send', '--deals', '3', '--deliveries', '2', '--interval', '1s'], 'send', { deals: '3', deliveries: '2', interval: '1s' }, []],
    [['send', '--file', 'a.json', '--user', 'u', '--password', 'p', '--ca', 'ca.pem'], 'send', { file: 'a.json', user: 'u', password: 'p', ca: 'ca.pem' }, []],
    [['validate'], 'validate', {}, []],
    [['validate', 'a.json', 'dir', '-', '--strict'], 'validate', { strict: true }, ['a.json', 'dir', '-']],
    [['validate', '--debug', 'a.json'], 'validate', { debug: true }, ['a.json']],
    [['validate', 'caps', '--lifecycle', '--junit', 'r.xml'], 'validate', { lifecycle: true, junit: 'r.xml' }, ['caps']],
    [['listen', '--expect-deals', '2', '--junit', 'r.xml'], 'listen', { expectDeals: '2', junit: 'r.xml' }, []],
    [['fetch-doc', '123456789'], 'fetch-doc', { format: 'xml' }, ['123456789']],
    [
      ['fetch-doc', '--transaction-id', 'T', '--type', 'INVOICE', '--format', 'pdf', '--stdout'],
      'fetch-doc',
      { transactionId: 'T', type: 'INVOICE', format: 'pdf', stdout: true },
      [],
    ],
    // Choices match in any case and arrive as written in the spec.
    [['fetch-doc', '--transaction-id', 'T', '--type', 'delivery', '--format', 'PDF'], 'fetch-doc', { type: 'delivery', format: 'PDF' }, []],
    [
      ['fetch-doc', '--all', '--summary', '--api-base', 'http://127.0.0.1:1/2.1'],
      'fetch-doc',
      { all: true, summary: true, apiBase: 'http://127.0.0.1:1/2.1' },
      [],
    ],
    [['captures', 'list', '--type', 'ORDER', '--since', '1h'], 'captures list', { type: 'ORDER', since: '1h' }, []],
    [['captures', 'list', '--limit', '20'], 'captures list', { limit: '20' }, []],
    [['captures', 'list', '-n', '5'], 'captures list', { limit: '5' }, []],
    [['captures', 'show', 'abc'], 'captures show', {}, ['abc']],
    [['captures', 'export', 'out'], 'captures export', {}, ['out']],
    [['captures', 'deals', '--incomplete', '--since', '1d'], 'captures deals', { incomplete: true, since: '1d' }, []],
    [['init', '--yes', '--url-delivery', 'https://h.example/d', '--port', '9000'], 'init', { yes: true, urlDelivery: 'https://h.example/d', port: '9000' }, []],
    [['config', 'show', '--json'], 'config show', { json: true }, []],
    [['mock-api'], 'mock-api', { port: '8766', accountId: 'demo', apiKey: 'demo-key', rateLimit: '600' }, []],
    [['mock-api', '-p', '9001'], 'mock-api', { port: '9001' }, []],
    [['inspect', '-p', '9002'], 'inspect', { uiPort: '9002' }, []],
    [['init', '--yes', '-p', '9000'], 'init', { yes: true, port: '9000' }, []],
    [['doctor', '--offline'], 'doctor', { offline: true }, []],
  ])('%j', async (argv, name, options, args) => {
    const call = await parse(argv);
    expect(call.name).toBe(name);
    expect(call.options).toMatchObject(options);
    expect(call.args).toEqual(args);
  });

  it.each([
    [['listen', '--prot', '9000'], /unknown option '--prot'[\s\S]*Did you mean --port\?/],
    [['lisen'], /unknown command 'lisen'[\s\S]*Did you mean listen\?/],
    [['fetch-doc', '--fromat', 'pdf', 'x'], /unknown option '--fromat'[\s\S]*Did you mean --format\?/],
    [['captures', 'show'], /missing required argument 'id'/],
  ])('rejects %j', async (argv, message) => {
    const program = await buildProgram(async () => {});
    let stderr = '';
    program.configureOutput({ writeErr: (s) => (stderr += s), writeOut: () => {} });
    for (const command of program.commands) command.configureOutput({ writeErr: (s) => (stderr += s), writeOut: () => {} });
    for (const command of program.commands.flatMap((c) => c.commands)) command.configureOutput({ writeErr: (s) => (stderr += s), writeOut: () => {} });
    await expect(program.parseAsync(['node', 'itscope-hooks', ...argv])).rejects.toMatchObject({ code: expect.stringMatching(/^commander\./) });
    expect(stderr).toMatch(message);
  });
});

describe('error reporting', () => {
  it.each([
    [new UserError('bad --port', 'use a number'), false, 2, ['error: bad --port\n', 'fix:   use a number\n']],
    [new CheckFailed('2 payloads invalid'), false, 1, ['✗ 2 payloads invalid\n']],
    [new CheckFailed(), false, 1, []],
    [new Error('boom'), false, 1, ['error: boom\n', '(an unexpected error; run again with --debug to see where it happened)\n']],
    // Text quoted from a file or a server cannot rewrite the terminal; line breaks stay.
    [new UserError('bad \u001b[2Jfile\nline 2\r', 'fix \u202eit'), false, 2, ['error: bad \\x1b[2Jfile\nline 2\\r\n', 'fix:   fix \\u202eit\n']],
    [new CheckFailed('x\u0007y'), false, 1, ['✗ x\\x07y\n']],
  ])('%s → exit %i', (error, debug, code, lines) => {
    const written: string[] = [];
    expect(reportError(error, debug, (t) => written.push(t))).toBe(code);
    expect(written).toEqual(lines);
  });

  it('shows the stack only with --debug', () => {
    const written: string[] = [];
    reportError(new Error('boom'), true, (t) => written.push(t));
    expect(written.join('')).toMatch(/at .*cli\.test\.ts/);
  });
});

describe('the built binary', () => {
  it('prints the version', async () => {
    const { version } = (await import('../package.json', { with: { type: 'json' } })).default;
    const result = await runCli(['--version']);
    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('exits 2 on an unknown flag, with a suggestion, and no stack trace', async () => {
    const result = await runCli(['validate', '--strcit']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--strcit'");
    expect(result.stderr).toContain('Did you mean --strict?');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on an unknown command', async () => {
    const result = await runCli(['sned']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Did you mean send?');
  });

  it('shows help with an example for every command', async () => {
    for (const command of [
      'listen',
      'send',
      'validate',
      'fetch-doc',
      'captures list',
      'captures show',
      'captures export',
      'captures deals',
      'init',
      'config show',
      'mock-api',
      'doctor',
    ]) {
      const result = await runCli([...command.split(' '), '--help']);
      expect(result.code, command).toBe(0);
      expect(result.stdout, command).toMatch(new RegExp(`Examples?:\\n  \\$ itscope-hooks ${command}`));
    }
  });

  it('prints the same top-level help as commander renders (the prebuilt copy is not stale)', async () => {
    const program = await buildProgram(async () => {});
    let rendered = '';
    program.configureOutput({ getOutHelpWidth: () => 80, writeOut: (text) => (rendered += text) });
    program.outputHelp();
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(rendered);
  });

  it('has a stable top-level help', async () => {
    const result = await runCli(['--help'], { env: { COLUMNS: '100' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatchInlineSnapshot(`
      "Usage: itscope-hooks [options] [command]

      Receive, send, validate and inspect ITscope webhooks, and download the documents
      they point to.

      Options:
        -V, --version                  print the version
        --json                         machine output on stdout (one JSON object per
                                       line for streams)
        --debug                        show stack traces and internal details
        -h, --help                     show help

      Commands:
        listen [options]               run the local receiver for ITscope webhooks
                                       (default http://127.0.0.1:8765/)
        send [options]                 send sample ITscope webhooks to a URL, as
                                       ITscope's Test button does
        validate [options] [paths...]  check ITscope webhook payloads: JSON, JSON
                                       arrays, NDJSON, captures, folders or stdin (-)
        fetch-doc [options] [ref]      download the openTRANS document a webhook
                                       points to from the ITscope API
        captures                       list, show, export captured webhooks; group
                                       them into deals
        inspect [options]              the web inspector over captured webhooks, in
                                       your browser, live while listen runs
        init [options]                 set up webhook and API settings, mirroring
                                       ITscope's webhook settings page
        config                         inspect the configuration
        schema [options]               export the webhook payload as JSON Schema,
                                       OpenAPI 3.1 or TypeScript types
        mock-api [options]             run a local stand-in for the ITscope documents
                                       API
        doctor [options]               check Node, config, port, captures, URLs, API
                                       credentials and proxy settings
        help [command]                 display help for command

      Examples:
        $ itscope-hooks listen
        $ itscope-hooks send --type DELIVERY --url http://127.0.0.1:8765/
        $ itscope-hooks validate .itscope-hooks/captures

      Exit codes: 0 success, 1 the check failed, 2 usage or configuration error.

      "
    `);
  });
});
