// The examples runner can fail: a page whose examples drifted from the CLI (a renamed flag,
// an unknown id, a wrong exit-code marker, `npx itscope-hooks`) gets failed outcomes that
// name the line; what runs as written passes.
import { describe, expect, it } from 'vitest';
import { blockCommands, codeBlocks } from '../support/doc-examples.js';
import { failures, type Outcome, runPage } from '../support/doc-session.js';

const fence = '```';

async function run(markdown: string, options: Parameters<typeof runPage>[2] = {}): Promise<Outcome[]> {
  const blocks = codeBlocks(markdown).map((b) => ({ commands: blockCommands(b) }));
  return runPage('sample.md', blocks, options);
}

const byLine = (outcomes: Outcome[]) => Object.fromEntries(outcomes.map((o) => [o.line, [o.status, o.exit]]));

describe('the examples runner', () => {
  it('fails a renamed flag, an unknown id, a wrong marker and npx, and passes what runs as written', { timeout: 60_000 }, async () => {
    const outcomes = await run(
      [
        `${fence}sh`, // line 1
        'itscope-hooks send --url http://127.0.0.1:8765/',
        'itscope-hooks send --urll http://127.0.0.1:8765/',
        'itscope-hooks validate fixtures/payloads/invalid/timestamp-with-zone.json   # exits 1: invalid',
        'itscope-hooks validate fixtures/payloads/itscope-guide-example.json   # exits 1: but it is valid',
        'npx itscope-hooks captures list',
        'npm run build',
        fence,
        `${fence}console`, // line 9
        '$ itscope-hooks captures show 00000000-0000-4000-8000-000000000000',
        'a sample of output, not run',
        fence,
      ].join('\n'),
    );
    expect(byLine(outcomes)).toEqual({
      2: ['passed', 0],
      3: ['failed', 2],
      4: ['passed', 1],
      5: ['failed', 0],
      6: ['failed', undefined],
      7: ['not-run', undefined],
      10: ['failed', 2],
    });
    const report = failures(outcomes);
    expect(report).toContain('sample.md:3 `itscope-hooks send --urll http://127.0.0.1:8765/` exited 2, expected 0');
    expect(report).toMatch(/unknown option '--urll'/);
    expect(report).toContain('sample.md:5 `itscope-hooks validate fixtures/payloads/itscope-guide-example.json` exited 0, expected 1');
    expect(report).toContain('never `npx itscope-hooks`');
    expect(report).toContain('sample.md:10 `itscope-hooks captures show 00000000-0000-4000-8000-000000000000` exited 2');
  });

  it('starts servers until ready and stops them with Ctrl-C, feeds a CI-mode listen, waits for the background, with the sandbox ports', {
    timeout: 90_000,
  }, async () => {
    const outcomes = await run(
      [
        `${fence}sh`, // line 1
        'itscope-hooks listen --tunnel',
        'itscope-hooks listen --expect DELIVERY,INVOICE --timeout 60s',
        'itscope-hooks mock-api -p 9100 --rate-limit 30',
        'itscope-hooks listen --json --max-events 2 > events.ndjson &',
        'itscope-hooks send --type ORDER,INVOICE --url http://127.0.0.1:8765/',
        'wait $!   # 0: two events',
        'cat events.ndjson | itscope-hooks validate -   # exits 1: the ready and summary lines are no payloads',
        'itscope-hooks mock-api --port not-a-port   # exits 2: no such port',
        fence,
      ].join('\n'),
    );
    expect(failures(outcomes)).toBe('');
    expect(byLine(outcomes)).toMatchObject({ 2: ['passed', 0], 3: ['passed', 0], 4: ['passed', 0], 7: ['passed', 0], 8: ['passed', 1], 9: ['passed', 2] });
    const tunnel = outcomes.find((o) => o.line === 2)!;
    expect(tunnel.output).toContain('Paste into ITscope: https://stand-in-words-here.trycloudflare.com/');
    expect(tunnel.ran).toBe('itscope-hooks listen --tunnel');
    // The documented ports became the sandbox's: never the real 8765 or 9100.
    const mock = outcomes.find((o) => o.line === 4)!;
    const sandboxPort = /^itscope-hooks mock-api -p (\d+) --rate-limit 30$/.exec(mock.ran ?? '')?.[1];
    expect(sandboxPort, String(mock.ran)).toMatch(/^\d+$/);
    expect(Number(sandboxPort)).not.toBe(9100);
    expect(outcomes.find((o) => o.line === 6)?.ran).not.toContain(':8765/');
    expect(outcomes.find((o) => o.line === 3)?.output).toContain('[fed by the test: itscope-hooks send --type DELIVERY,INVOICE --url');
  });

  it('a server that never becomes ready fails, and so does a background one that does not stop with exit 0', { timeout: 60_000 }, async () => {
    const outcomes = await run(
      [
        `${fence}sh`, // line 1
        'itscope-hooks mock-api --port not-a-port',
        'itscope-hooks listen --max-events 1 &',
        fence,
      ].join('\n'),
    );
    expect(byLine(outcomes)).toEqual({ 2: ['failed', 2], 3: ['failed', 1] });
    expect(failures(outcomes)).toContain('never became ready');
  });

  it('skips what is listed, with its reason, and sets up what an example presupposes', { timeout: 60_000 }, async () => {
    const command = 'itscope-hooks send --url http://127.0.0.1:8775/ --type ORDER';
    const outcomes = await run(
      [`${fence}sh`, `${command}   # exits 1: Basic Auth`, 'itscope-hooks send --url https://hooks.example.com/itscope', fence].join('\n'),
      {
        skips: [{ file: 'sample.md', command: 'itscope-hooks send --url https://hooks.example.com/itscope', reason: 'no such host' }],
        givens: [
          {
            file: 'sample.md',
            command,
            reason: 'a listen with Basic Auth',
            setup: ['ITSCOPE_WEBHOOK_PASSWORD=x itscope-hooks listen --port 8775 --user hooks --captures auth &'],
          },
        ],
      },
    );
    expect(failures(outcomes)).toBe('');
    expect(outcomes.map((o) => [o.line, o.status, o.note])).toEqual([
      [2, 'passed', 'given: a listen with Basic Auth'],
      [3, 'skipped', 'no such host'],
    ]);
    expect(outcomes[0]?.output).toContain('✗ 401 ORDER');
  });
});
