// The pure rules that turn a page's shell blocks into commands, and the sandbox's rewrites.
import { describe, expect, it } from 'vitest';
import {
  blockCommands,
  codeBlocks,
  commentStart,
  driftFrom,
  dropPlaceholders,
  execForm,
  expectedExitOf,
  kindOf,
  mapPorts,
  portsIn,
  programsOf,
  shellWords,
  shownOutputs,
  stableWords,
  stagesOf,
} from '../support/doc-examples.js';

const fence = '```';

const page = [
  '# A page',
  '',
  `${fence}sh`,
  '# a comment line is skipped',
  'itscope-hooks send --url http://127.0.0.1:8765/   # one sample of each type',
  '',
  'itscope-hooks init --yes --user hooks \\',
  '  --url-delivery https://hooks.example.com/itscope   # stored',
  'itscope-hooks mock-api &',
  'itscope-hooks validate bad.json   # exits 1: it is invalid',
  fence,
  '',
  `${fence}json`,
  '{"not": "run"}',
  fence,
  '',
  '- In a list:',
  '',
  `  ${fence}console`,
  '  $ itscope-hooks send --type ORDER \\',
  '  >   --url http://127.0.0.1:8775/',
  '  ✗ 401 ORDER   output, not a command',
  '  $ itscope-hooks captures list',
  '  2026-12-01 15:21:08 ✓ ORDER',
  `  ${fence}`,
  '',
  `${fence}sh title="recipe-a"`,
  'echo "#not a comment" a#b',
  fence,
].join('\n');

describe('codeBlocks', () => {
  it('finds the shell and console blocks (also indented ones), with the line of their first line and a title', () => {
    const blocks = codeBlocks(page);
    expect(blocks.map((b) => [b.lang, b.line, b.title])).toEqual([
      ['sh', 4, undefined],
      ['console', 20, undefined],
      ['sh', 28, 'recipe-a'],
    ]);
    expect(blocks[1]?.lines[0]).toBe('$ itscope-hooks send --type ORDER \\');
  });
});

describe('blockCommands', () => {
  it('joins continuation lines, keeps the trailing comment apart, marks background commands and expected exit codes', () => {
    const [sh, consoleBlock, titled] = codeBlocks(page);
    expect(blockCommands(sh!)).toEqual([
      { line: 5, text: 'itscope-hooks send --url http://127.0.0.1:8765/', comment: 'one sample of each type', background: false, expectedExit: 0 },
      {
        line: 7,
        text: 'itscope-hooks init --yes --user hooks --url-delivery https://hooks.example.com/itscope',
        comment: 'stored',
        background: false,
        expectedExit: 0,
      },
      { line: 9, text: 'itscope-hooks mock-api', comment: undefined, background: true, expectedExit: 0 },
      { line: 10, text: 'itscope-hooks validate bad.json', comment: 'exits 1: it is invalid', background: false, expectedExit: 1 },
    ]);
    // In a console block only `$ ` lines are commands; the rest is their output.
    expect(blockCommands(consoleBlock!).map((c) => [c.line, c.text])).toEqual([
      [20, 'itscope-hooks send --type ORDER --url http://127.0.0.1:8775/'],
      [23, 'itscope-hooks captures list'],
    ]);
    expect(blockCommands(titled!).map((c) => c.text)).toEqual(['echo "#not a comment" a#b']);
  });

  it('keeps `&&` (a list) apart from a trailing `&` (the background)', () => {
    const [block] = codeBlocks(`${fence}sh\nnpm ci && npm start\n${fence}`);
    expect(blockCommands(block!)).toMatchObject([{ text: 'npm ci && npm start', background: false }]);
  });
});

describe('shell words', () => {
  it.each([
    ['a # b', 2],
    ['a "# b" c', -1],
    ["a '#' b", -1],
    ['a#b', -1],
    ['# all', 0],
    ['a \\# b', -1],
  ])('commentStart(%j) = %i', (line, at) => {
    expect(commentStart(line)).toBe(at);
  });

  it('splits words as sh does before expansions', () => {
    expect(shellWords(`A="$PW" itscope-hooks send --user 'my user' --x=a\\ b`)).toEqual(['A=$PW', 'itscope-hooks', 'send', '--user', 'my user', '--x=a b']);
    expect(() => shellWords('echo "open')).toThrow('unterminated');
  });

  it('splits stages at pipes and lists outside quotes, and names their programs', () => {
    expect(stagesOf(`a | b "x|y" && c; d || e`)).toEqual(['a', 'b "x|y"', 'c', 'd', 'e']);
    expect(programsOf('cat events.ndjson | itscope-hooks validate -')).toEqual(['cat', 'itscope-hooks']);
    expect(programsOf('ITSCOPE_WEBHOOK_PASSWORD="$PW" itscope-hooks listen')).toEqual(['itscope-hooks']);
  });

  it.each([
    ['exits 1: not valid', 1],
    ['one sample; exits 2', 2],
    ['the exit code', 0],
    [undefined, 0],
  ])('expectedExitOf(%j) = %i', (comment, code) => {
    expect(expectedExitOf(comment)).toBe(code);
  });
});

describe('what a command is', () => {
  it.each([
    ['export A=1 B=2', 'export'],
    ['wait $!', 'wait'],
    ['itscope-hooks listen --tunnel', 'server'],
    ['ITSCOPE_WEBHOOK_PASSWORD="$PW" itscope-hooks listen --user hooks', 'server'],
    ['itscope-hooks listen --json --expect DELIVERY,INVOICE --timeout 60s > events.ndjson', 'ci-listen'],
    ['itscope-hooks listen --expect-deals 2', 'ci-listen'],
    ['itscope-hooks mock-api -p 9100', 'server'],
    ['itscope-hooks inspect --open', 'server'],
    ['itscope-hooks send --dry-run --json | itscope-hooks validate -', 'one-shot'],
    ['cat a.ndjson | itscope-hooks validate -', 'one-shot'],
    ['npm ci && npm start', 'other'],
    ['ls .itscope-hooks/documents/*/', 'other'],
  ])('%s: %s', (text, kind) => {
    expect(kindOf(text)).toBe(kind);
  });
});

describe('the sandbox rewrites', () => {
  const ports: Record<number, number> = { 8765: 41001, 8766: 41002, 3000: 41003, 9100: 41004 };
  const portFor = (p: number) => ports[p] ?? p;

  it('maps the ports of this machine in URLs, port flags and PORT=, and leaves other numbers alone', () => {
    expect(mapPorts('itscope-hooks send --count 8765 --url http://127.0.0.1:8765/', portFor)).toBe(
      'itscope-hooks send --count 8765 --url http://127.0.0.1:41001/',
    );
    expect(mapPorts('export ITSCOPE_API_BASE=http://127.0.0.1:8766/2.1', portFor)).toBe('export ITSCOPE_API_BASE=http://127.0.0.1:41002/2.1');
    expect(mapPorts('itscope-hooks mock-api -p 9100 --api-key s3cret', portFor)).toBe('itscope-hooks mock-api -p 41004 --api-key s3cret');
    expect(mapPorts('PORT=3000 itscope-hooks listen --forward-to http://localhost:3000/x', portFor)).toBe(
      'PORT=41003 itscope-hooks listen --forward-to http://localhost:41003/x',
    );
    expect(mapPorts('itscope-hooks send --url https://hooks.example.com:8765/ --port 0', portFor)).toBe(
      'itscope-hooks send --url https://hooks.example.com:8765/ --port 0',
    );
    expect(portsIn('itscope-hooks listen --port 8443 --forward-to http://localhost:3999/hooks')).toEqual([3999, 8443]);
  });

  it('drops NAME=… placeholders, so the value the sandbox has stays', () => {
    expect(dropPlaceholders('export ITSCOPE_ACCOUNT_ID=… ITSCOPE_API_KEY=…')).toBe('export');
    expect(dropPlaceholders('ITSCOPE_WEBHOOK_PASSWORD=… itscope-hooks send --user hooks')).toBe('itscope-hooks send --user hooks');
    expect(dropPlaceholders('itscope-hooks send --status=INVOICED')).toBe('itscope-hooks send --status=INVOICED');
  });

  it('execs a server after its variable assignments, so Ctrl-C reaches it', () => {
    expect(execForm('ITSCOPE_WEBHOOK_PASSWORD="$PW" itscope-hooks listen --tunnel')).toBe('ITSCOPE_WEBHOOK_PASSWORD="$PW" exec itscope-hooks listen --tunnel');
    expect(execForm('itscope-hooks mock-api')).toBe('exec itscope-hooks mock-api');
  });
});

describe('sample output', () => {
  const transcript = [
    `${fence}console`,
    '$ itscope-hooks validate a.json \\',
    '> --strict   # exits 1: invalid',
    '✗ a.json  1 of 1 payload invalid',
    '    fix: use local time',
    '$ itscope-hooks captures list',
    `${fence}`,
  ].join('\n');

  it("is the lines under each command of a console block, by the command's line", () => {
    const [block] = codeBlocks(transcript);
    expect([...shownOutputs(block!)]).toEqual([
      [2, ['✗ a.json  1 of 1 payload invalid', '    fix: use local time']],
      [6, []],
    ]);
    expect(blockCommands(block!).map((c) => c.line)).toEqual([2, 6]);
  });

  it('is compared by its marks and plain words (of a URL its scheme): ids, numbers, paths and cut words vary', () => {
    expect(stableWords('\x1b[32m✓\x1b[39m 401 ORDER 0f1d6b3a…16eb77  15 ms  Basic Auth (realm "itscope-hooks") http://127.0.0.1:8775/')).toEqual([
      '✓',
      'ORDER',
      'ms',
      'Basic',
      'Auth',
      'realm',
      'itscope-hooks',
      'http',
    ]);
  });

  it('has drifted when a word it shows is missing or out of order; lines of one webhook are what the reader had', () => {
    const printed = '✗ a.json  1 of 1 payload invalid\n    fix: use local time without a zone\n';
    expect(driftFrom(['✗ b.json  2 of 3 payloads invalid', '  fix: use local time'], printed)).toEqual({
      line: '✗ b.json  2 of 3 payloads invalid',
      word: 'payloads',
    });
    expect(driftFrom(['✓ a.json  1 of 1 payload invalid'], printed)).toEqual({ line: '✓ a.json  1 of 1 payload invalid', word: '✓' });
    expect(driftFrom(['fix: use local time', '✗ a.json'], printed)).toEqual({ line: '✗ a.json', word: '✗' });
    expect(driftFrom(['✗ a.json  1 of 1 payload invalid', '…', '    fix: use local time'], printed)).toBeUndefined();
    expect(
      driftFrom(['15:23:02 ✓ ORDER  ARRIVED  order PO-1  200', '  ✗ $.timestamp carries a zone', '✗ a.json  1 of 1 payload invalid'], printed),
    ).toBeUndefined();
  });
});
