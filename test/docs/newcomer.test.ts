// A newcomer follows the README's Quick start and First steps literally, command by command,
// and sees what the README says they will see: from `npm start` to a public URL, a captured
// and validated webhook, and its one downloaded document with its summary (issue 19).
//
// The commands are taken from the README as written and run by the examples sandbox
// (test/support/doc-session.ts, rules in test/docs/examples.test.ts), with one difference:
// a server typed in the foreground keeps running, as in the newcomer's first terminal.
// Installing is done already (`npm ci` built dist/); `npm start` is the sandbox's own
// `itscope-hooks listen` (the start script runs exactly that), `npm link` its shim on PATH.
// ITscope's Test button is the one thing the README leaves to a person: the test sends that
// webhook to the address the tunnel forwards to (the stand-in's public URL does not resolve).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';
import { blockCommands, codeBlocks, type ShellCommand, sectionLines } from '../support/doc-examples.js';
import { DocSession, failures, type Outcome } from '../support/doc-session.js';

const README = await readFile(join(ROOT, 'README.md'), 'utf8');

/** The README's blocks under a heading, with their commands. */
function blocksUnder(heading: string) {
  const [first, last] = sectionLines(README, heading);
  return codeBlocks(README)
    .filter((b) => b.line > first && b.line < last)
    .map((b) => ({ block: b, commands: blockCommands(b) }));
}

let session: DocSession;

beforeEach(async () => {
  session = await DocSession.open({ foreground: 'keep' });
});

afterEach(async () => {
  await session.close();
});

/** Runs a command the README wrote, and insists that it passed. */
async function step(c: ShellCommand): Promise<Outcome> {
  const o = await session.run('README.md', c);
  expect(failures([o]), `README.md:${c.line}`).toBe('');
  return o;
}

/** The output of the listen running in the first terminal, once it holds what is awaited. */
async function firstTerminal(test: (output: string) => boolean): Promise<string> {
  const listen = session.world.listen!;
  expect(await listen.waitFor(test, 10_000), listen.output).toBe(true);
  return listen.output;
}

describe("the README's first steps, followed literally", () => {
  it('clone → samples checked → public URL → a webhook from ITscope captured and validated → its one document with its summary', {
    timeout: 120_000,
  }, async () => {
    // Quick start: `npm ci && npm start` (installed already; npm start runs listen) and `npm test`.
    const [quick] = blocksUnder('## Quick start');
    expect(quick?.commands.map((c) => c.text)).toEqual(['npm ci && npm start', 'npm test']);
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe('node bin/itscope-hooks.js listen');
    await session.startWorld();
    const url = session.listenUrl;
    const started = session.world.listen!.output;
    // "it listens on http://127.0.0.1:8765/ and stores every webhook under .itscope-hooks/captures/"
    expect(started).toContain(`Listening for ITscope webhooks on ${url}`);
    expect(started).toContain('Captures:   .itscope-hooks/captures');

    const [samples, tunnel, arrived, documents, ...rest] = blocksUnder('## First steps: from the clone to ITscope');
    expect(rest).toEqual([]);

    // 1. npm link, send samples, validate them.
    const [link, send, validate, ...more1] = samples!.commands;
    expect(more1).toEqual([]);
    expect(link?.text).toBe('npm link');
    expect((await session.run('README.md', link!)).status).toBe('not-run'); // the sandbox's shim is what it gives
    const sent = await step(send!);
    expect(sent.output).toMatch(/^✓ 200 ORDER /m);
    expect(sent.output).toContain('4 of 4 webhooks answered 2xx');
    // "npm start's terminal [shows] a line per webhook received"
    const received = await firstTerminal((o) => (o.match(/^\d\d:\d\d:\d\d ✓ /gm) ?? []).length === 4);
    for (const type of ['ORDER', 'ORDERRESPONSE', 'DELIVERY', 'INVOICE']) expect(received).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d ✓ ${type} `, 'm'));
    // "and validate 4 payloads in 1 file: 4 valid, 0 invalid"
    expect((await step(validate!)).output).toContain('4 payloads in 1 file: 4 valid, 0 invalid');
    expect(README).toContain('`validate` `4 payloads in 1 file: 4 valid, 0 invalid`');

    // 2. A public URL: Ctrl-C npm start, listen --tunnel; the banner is the README's, with this run's URL.
    const [tunnelCommand, ...more2] = tunnel!.commands;
    expect(more2).toEqual([]);
    await step(tunnelCommand!);
    const banner = session.world.listen!.output;
    const sample = tunnel!.block.lines.slice(1, tunnel!.block.lines.indexOf('…'));
    const port = new URL(url).port;
    for (const line of sample) {
      const expected = line
        .replaceAll('8765', port)
        .replace('https://seasonal-deck-organisms-sf.trycloudflare.com/', 'https://stand-in-words-here.trycloudflare.com/');
      expect(banner.split('\n'), `README.md:${tunnel!.block.line}: ${line}`).toContain(expected);
    }
    // ITscope's Test button: one webhook through the tunnel to listen; "the webhook appears as a line in listen's terminal".
    const test = await session.shell(`itscope-hooks send --type DELIVERY --url ${url}`, { rewrite: false });
    const eventId = /^✓ 200 DELIVERY +(\w{8})…/m.exec(test)?.[1];
    expect(eventId).toBeDefined();
    await firstTerminal((o) => /^\d\d:\d\d:\d\d ✓ DELIVERY +ADVISED /m.test(o));

    // 3. What arrived: listed with its eventId, and valid.
    const [list, check, ...more3] = arrived!.commands;
    expect(more3).toEqual([]);
    const listed = (await step(list!)).output;
    expect(listed.match(/ ✓ (ORDER|ORDERRESPONSE|DELIVERY|INVOICE) /g)).toHaveLength(5);
    expect(listed).toMatch(new RegExp(`✓ DELIVERY .* ${eventId}-`));
    expect((await step(check!)).output).toMatch(/5 payloads in 2 files: 5 valid, 0 invalid/);

    // 4. Its document, from the local stand-in: saved once, in .itscope-hooks/documents/, with its summary.
    const [mock, exported, fetch, ...more4] = documents!.commands;
    expect(more4).toEqual([]);
    expect(mock).toMatchObject({ text: 'itscope-hooks mock-api', background: true });
    await step(mock!);
    await step(exported!);
    const fetched = (await step(fetch!)).output;
    expect(fetched).toMatch(/^\[1\/5\] ✓ \.itscope-hooks\/documents\/\S+\/ORDER\.xml \(/m);
    expect(fetched).toContain('5 downloaded, 0 skipped, 0 failed');
    expect(fetched).toMatch(/^ {2}DISPATCHNOTIFICATION \d+ \(openTRANS 2\.1\)$/m);
    expect(fetched).toMatch(/^ {4}items \(\d+\)$/m);
    expect(fetched).toMatch(/^ {4}total +[\d.]+ EUR/m);
    const blockEnd = await session.endBlock();
    expect(failures(blockEnd)).toBe(''); // the stand-in stopped with exit 0
    // One home: every document once, nothing in the places earlier versions used.
    const home = join(session.cwd, '.itscope-hooks', 'documents');
    const saved = (await readdir(home, { recursive: true })).filter((p) => p.endsWith('.xml')).sort();
    expect(saved).toHaveLength(5);
    expect(saved.filter((p) => p.endsWith('DISPATCHNOTIFICATION.xml'))).toHaveLength(2);
    for (const elsewhere of ['itscope-documents', '.itscope-hooks/captures/documents']) {
      await expect(stat(join(session.cwd, elsewhere))).rejects.toThrow();
    }
    // The README says which file and what the summary shows.
    expect(README).toContain('`.itscope-hooks/documents/{transactionId}/{DOCTYPE}.xml`');

    // Ctrl-C in the first terminal: listen and its tunnel stop, with the run's summary.
    const listen = session.world.listen!;
    expect(await listen.stop()).toBe(0);
    expect(listen.output).toMatch(/Summary: 1 webhook captured \(DELIVERY 1\)/);
  });
});
