// Every shell example of README.md and docs/*.md runs as written, so the docs cannot drift
// from the CLI again (issue 19, "docs that run as written").
//
// How a page runs (test/support/doc-session.ts):
// - Its ```sh/bash/shell blocks and the `$ ` lines of its ```console blocks, in document
//   order, each command in `sh` in one working folder per page that looks like a clone
//   (`fixtures/` is there), with the built CLI on PATH as `itscope-hooks` (what `npm link`
//   gives a reader) and stand-ins for cloudflared and ngrok (test/support/tunnel-stand-in.mjs).
// - Around it, as in a reader's first terminal: a `listen` on the port the docs call 8765
//   (what `npm start` runs) and a `mock-api` on the one they call 8766, with
//   ITSCOPE_API_BASE, ITSCOPE_ACCOUNT_ID and ITSCOPE_API_KEY pointing at it. CI=1, so
//   nothing prompts. HOME is a fresh folder (no user config).
// - README.md is followed from an empty capture store, as a newcomer would. A page in docs/
//   is a reference for someone who has used the tool: it starts with one `send` (a deal of
//   four samples) and ITscope's guide example in the store (SEED).
// - Every command must exit 0, or the code its trailing comment names: `# exits 1: why`.
// - The output a ```console block shows under a command must read as what it printed: its
//   marks (✓ ✗ ○ → fix: warning:) and plain words, in that order (ids, numbers, paths and
//   words cut with … vary and are left out; lines that start with a time show one webhook
//   or capture of the reader's own and are left out too). OTHER_STATE lists the samples
//   that show a store or config file the sandbox does not have.
//   `export` lines set the environment of the commands after them in the page.
//   `wait` waits for the last command sent to the background (`&`), with the same rule.
// - Servers (listen without a CI goal, mock-api, inspect) are started, awaited until ready
//   (their banner or `--json` ready line) and stopped with Ctrl-C (SIGINT to their process
//   group): exit 0. With `&` they run until the end of their block. A listen takes the
//   place of the folder's own one while it runs (one listen per capture folder); so does a
//   mock-api on its port. A CI-mode listen in the foreground (--expect, --expect-deals,
//   --max-events) is sent what it waits for, as ITscope would, by `itscope-hooks send`.
// - Before each command, a background `listen --fetch-docs` has printed a line for the
//   document of every webhook it took (a reader reads those lines before typing on).
//
// What the sandbox changes in a command, and only that:
// - ports on this machine (in loopback URLs, after --port/-p/--ui-port, PORT=) become free
//   ones, the same number always the same port within a page; a server told no port gets
//   the sandbox's (mock-api: --port, an inspector: --ui-port; listen reads PORT);
// - `NAME=…` means "your own value" (a password, an API key): it is dropped, and the value
//   the sandbox has stays. Shell variables the docs expect you to have set ($PW, $KEY, …)
//   are stand-ins (READER_VARIABLES).
// Placeholders such as `<transactionId>` or `EVENTID` are not used in runnable examples:
// they name real ids instead (ITscope's guide example's, which the pages send first).
//
// Commands that are not `itscope-hooks` (npm, node, npx of other tools) are not run, except
// plain shell tools (ls, cat, …); `npx itscope-hooks` fails the test (the docs use
// `itscope-hooks`). SKIPS lists what cannot run here, GIVENS the state an example presupposes.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';
import { blockCommands, codeBlocks, driftFrom, shownOutputs } from '../support/doc-examples.js';
import { failures, type Given, type Outcome, runPage, type Skip } from '../support/doc-session.js';

/** Pages whose examples run elsewhere or nowhere. */
const OTHER_PAGES: Record<string, string> = {
  'docs/ci.md': "recipe (a) runs in test/docs/ci-recipes.test.ts; recipe (b) waits for ITscope's own webhooks through a named Cloudflare tunnel",
};

/** The store a page of docs/ starts with. */
const SEED = [
  'itscope-hooks send --url http://127.0.0.1:8765/',
  'itscope-hooks send --file fixtures/payloads/itscope-guide-example.json --url http://127.0.0.1:8765/',
];

const SKIPS: Skip[] = [
  {
    file: 'README.md',
    command: 'ITSCOPE_WEBHOOK_PASSWORD=… itscope-hooks send --type DELIVERY --user hooks --url https://hooks.example.com/itscope',
    reason: 'your real endpoint (hooks.example.com does not exist)',
  },
  {
    file: 'docs/send.md',
    command: 'ITSCOPE_WEBHOOK_PASSWORD=… itscope-hooks send --type DELIVERY --url https://hooks.example.com/itscope --user hooks',
    reason: 'your real endpoint (hooks.example.com does not exist)',
  },
  {
    file: 'docs/init.md',
    command: 'itscope-hooks init',
    reason: 'asks its questions on a terminal (test/init/init.test.ts answers them through a prompt driver)',
  },
];

/** Samples that show a state the sandbox does not have; the command still runs. */
const OTHER_STATE: Skip[] = [
  ...['README.md', 'docs/captures.md'].map((file) => ({
    file,
    command: 'itscope-hooks captures deals',
    reason: 'a store with a deal whose orderId changed (test/captures/deals.test.ts prints one)',
  })),
  { file: 'docs/config.md', command: 'PORT=9000 itscope-hooks config show', reason: "the reader's project config file" },
  { file: 'docs/doctor.md', command: 'itscope-hooks doctor', reason: "the reader's project config file and webhook URLs" },
  {
    file: 'docs/fetch-doc.md',
    command: 'itscope-hooks fetch-doc --transaction-id 01a23234-0000-7000-8000-000000000001 --type quotation',
    reason: "ITscope's own 404; the sandbox's API is the local stand-in, whose 404 docs/mock-api.md shows",
  },
];

/** A `listen` that wants Basic Auth, on the port the send pages call 8775. */
const AUTH_LISTEN = ['ITSCOPE_WEBHOOK_PASSWORD="$PW" itscope-hooks listen --port 8775 --user hooks --captures .itscope-hooks/auth-captures &'];

/** A capture store as validate's sample shows it: a body that is not JSON, a valid DELIVERY, one with a zoned timestamp. */
const MIXED_STORE: Pick<Given, 'setup' | 'teardown' | 'displaceListen'> = {
  displaceListen: true,
  setup: [
    'mv .itscope-hooks/captures .itscope-hooks/captures.kept',
    'itscope-hooks listen &',
    "curl -s -o /dev/null -d 'not json' http://127.0.0.1:8765/",
    'itscope-hooks send --type DELIVERY --url http://127.0.0.1:8765/',
    'itscope-hooks send --file fixtures/payloads/invalid/timestamp-with-zone.json --url http://127.0.0.1:8765/',
  ],
  teardown: ['rm -rf .itscope-hooks/captures', 'mv .itscope-hooks/captures.kept .itscope-hooks/captures'],
};

const GIVENS: Given[] = [
  ...[
    ['README.md', 'itscope-hooks send --url http://127.0.0.1:8775/ --type ORDER,DELIVERY'],
    ['docs/send.md', 'itscope-hooks send --url http://127.0.0.1:8775/ --type ORDER,DELIVERY'],
    ['docs/send.md', 'itscope-hooks send --count 1000 --concurrency 20 --url http://127.0.0.1:8775/'],
  ].map(([file, command]) => ({ file: file!, command: command!, reason: 'a listen --user hooks on 8775, as the text says', setup: AUTH_LISTEN })),
  ...['README.md', 'docs/validate.md'].map((file) => ({
    file,
    command: 'itscope-hooks validate .itscope-hooks/captures',
    comment: 'exits 1: two of three invalid',
    reason: 'the store its sample shows',
    ...MIXED_STORE,
  })),
  {
    file: 'docs/config.md',
    command: 'itscope-hooks listen',
    reason: 'a config file with the typo its sample shows',
    setup: [`echo '{ "webhookUsr": "hooks" }' > .itscope-hooks/config.json`],
    teardown: ['rm .itscope-hooks/config.json'],
  },
  {
    file: 'docs/validate.md',
    command: 'itscope-hooks validate events.ndjson --lifecycle',
    reason: 'two deals, one with a changed orderId, as its sample shows',
    setup: [`itscope-hooks send --dry-run --json --deals 2 | sed '7s/"orderId":"[^"]*"/"orderId":"PO-CHANGED"/' > events.ndjson`],
    teardown: ['rm events.ndjson'],
  },
];

const pages = ['README.md', ...(await readdir(join(ROOT, 'docs'))).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

async function commandsOf(file: string) {
  const markdown = await readFile(join(ROOT, file), 'utf8');
  return codeBlocks(markdown).map((b) => ({ commands: blockCommands(b), shown: shownOutputs(b) }));
}

/** Each command whose sample output no longer reads as what it printed: the word that is not there. */
function drifted(file: string, blocks: Awaited<ReturnType<typeof commandsOf>>, outcomes: Outcome[]): string {
  const shown = new Map(blocks.flatMap((b) => [...b.shown]));
  return outcomes
    .filter((o) => o.status === 'passed' && (shown.get(o.line)?.length ?? 0) > 0)
    .filter((o) => !OTHER_STATE.some((s) => s.file === file && s.command === o.text))
    .flatMap((o) => {
      const drift = driftFrom(shown.get(o.line)!, o.output);
      return drift
        ? [
            `${file}:${o.line} \`${o.text}\`: the sample's "${drift.word}" (in "${drift.line.trim()}") is not in what it printed:\n    ${o.output.trimEnd().split('\n').join('\n    ')}`,
          ]
        : [];
    })
    .join('\n');
}

describe('the examples of README.md and docs/ run as written', () => {
  for (const file of pages) {
    const other = OTHER_PAGES[file];
    if (other) continue;
    it(file, { timeout: 240_000 }, async () => {
      const blocks = await commandsOf(file);
      const outcomes = await runPage(file, blocks, { seed: file === 'README.md' ? [] : SEED, skips: SKIPS, givens: GIVENS });
      expect(failures(outcomes)).toBe('');
      expect(drifted(file, blocks, outcomes)).toBe('');
      // Every command of the page has an outcome: run, skipped with its reason, or not an itscope-hooks command.
      expect(new Set(outcomes.map((o) => o.line))).toEqual(new Set(blocks.flatMap((b) => b.commands.map((c) => c.line))));
    });
  }

  it('skips and givens name commands that exist, as written', async () => {
    for (const entry of [...SKIPS, ...GIVENS, ...OTHER_STATE]) {
      const blocks = await commandsOf(entry.file);
      expect(
        blocks.some((b) => b.commands.some((c) => c.text === entry.command && (!('comment' in entry) || entry.comment === c.comment))),
        `${entry.file}: \`${entry.command}\``,
      ).toBe(true);
    }
    for (const file of Object.keys(OTHER_PAGES)) expect(pages).toContain(file);
  });

  it('one way to run the command: `itscope-hooks …`, with `npx itscope-hooks` named once, in the README, with its warning', async () => {
    const texts = await Promise.all(pages.map(async (file) => [file, await readFile(join(ROOT, file), 'utf8')] as const));
    const npx = texts.flatMap(([file, text]) => (text.match(/npx itscope-hooks/g) ?? []).map(() => file));
    expect(npx).toEqual(['README.md', 'README.md']);
    const readme = texts.find(([file]) => file === 'README.md')![1];
    expect(readme).toMatch(/outside it, `npx itscope-hooks` asks the npm registry for a\s+package of that name instead/);
    for (const [file, text] of texts) {
      expect(text, file).not.toMatch(/node bin\/itscope-hooks\.js|npm install -g \./);
    }
  });
});
