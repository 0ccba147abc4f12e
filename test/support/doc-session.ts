// Runs the shell examples of README.md and docs/*.md as a reader would type them, in a
// sandbox: a fresh working folder that looks like a clone (with `fixtures/`), the built CLI
// as `itscope-hooks` on PATH (what `npm link` gives a reader), stand-ins for cloudflared and
// ngrok, and two servers the page's commands talk to — a `listen` on the port the docs call
// 8765 (what `npm start` runs) and a `mock-api` on the one they call 8766. The rules, and
// what the sandbox changes in a command, are listed at the top of test/docs/examples.test.ts.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { BIN, baseEnv, ROOT } from './cli.js';
import {
  blockCommands,
  cliArgs,
  dropPlaceholders,
  execForm,
  flagValue,
  hasFlag,
  kindOf,
  mapPorts,
  portsIn,
  programsOf,
  type ShellCommand,
  splitAssignments,
} from './doc-examples.js';
import { closedPort } from './ports.js';
import { tempDir } from './temp-dir.js';
import { installStandIns } from './tunnel-stand-ins.js';

/** An example that cannot run here, by page and whole command (as written, without its comment). */
export interface Skip {
  file: string;
  command: string;
  reason: string;
}

/**
 * State an example presupposes that its page does not create (a receiver with Basic Auth,
 * a broken config file), made around that one command and taken away after it.
 */
export interface Given {
  file: string;
  command: string;
  /** Its trailing comment, when the same command appears more than once on the page. */
  comment?: string;
  reason: string;
  /** Shell lines run first, as a page's are (`… &` starts a server, stopped after the command); each must pass. */
  setup: string[];
  /** Shell lines run after the command (and after the setup's servers stopped). */
  teardown?: string[];
  /** Stop the sandbox's listen for the while (its capture folder is changed underneath). */
  displaceListen?: boolean;
}

export interface Outcome {
  file: string;
  line: number;
  /** The command as written. */
  text: string;
  /** The command as run, after the sandbox's rewrites. */
  ran: string | undefined;
  status: 'passed' | 'failed' | 'skipped' | 'not-run';
  expected: number;
  exit: number | null | undefined;
  output: string;
  note: string | undefined;
}

/** What the docs call the ports of listen, mock-api and the inspector. */
export const DOC_PORTS = { listen: 8765, mockApi: 8766, ui: 8767 } as const;

/** Secrets the examples expect the reader to have in their shell (`"$PW"`), as stand-ins. */
export const READER_VARIABLES: Record<string, string> = {
  PW: 'webhook-password-of-the-reader',
  KEY: 'api-key-of-the-reader',
  ITSCOPE_KEY: 'api-key-of-the-reader',
  WEBHOOK_PASSWORD: 'webhook-password-of-the-reader',
};

/** Programs other than itscope-hooks that run as written (the rest are named in the outcome, not run). */
const SHELL_TOOLS = new Set(['ls', 'cat', 'grep', 'until', 'do', 'done', 'echo', 'printf', 'mkdir', 'mv', 'rm', 'sed', 'curl', 'test', 'head', 'tail']);

const READY = /Stop with Ctrl-C\.|ITscope API stand-in on |"type":"ready"/;
const BOUND_MS = 60_000;

/** A command running in its own process group, so Ctrl-C (SIGINT to the group) reaches what it started. */
export class Running {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<number | null>;
  private watchers: Array<() => void> = [];

  constructor(script: string, cwd: string, env: Record<string, string | undefined>) {
    // One pipe for both streams (`exec 2>&1`): what a command writes reaches the output in the
    // order it was written, as on a terminal; two pipes would interleave in no fixed order.
    this.child = spawn('sh', ['-c', `exec 2>&1\n${script}`], { cwd, env: env as NodeJS.ProcessEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const take = (d: string) => {
      this.output += d;
      for (const w of this.watchers) w();
    };
    this.child.stdout!.setEncoding('utf8').on('data', take);
    this.child.stderr!.setEncoding('utf8').on('data', take);
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code, signal) => {
        if (signal) this.output += `\n[ended by ${signal}]`;
        for (const w of this.watchers) w();
        resolve(code);
      }),
    );
  }

  get ended(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Resolves true once test(output) holds, false when the process ends first or after ms. */
  waitFor(test: (output: string) => boolean, ms = BOUND_MS): Promise<boolean> {
    return new Promise((resolve) => {
      const check = () => {
        if (test(this.output)) done(true);
        else if (this.ended) done(false);
      };
      const timer = setTimeout(() => done(false), ms);
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.watchers = this.watchers.filter((w) => w !== check);
        resolve(value);
      };
      this.watchers.push(check);
      check();
    });
  }

  private signal(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.child.pid!, signal);
    } catch {
      // the group is gone
    }
  }

  /** Ctrl-C: SIGINT to the group; the exit code (null when it had to be killed). */
  async stop(): Promise<number | null> {
    if (!this.ended) this.signal('SIGINT');
    const timer = setTimeout(() => this.signal('SIGKILL'), 20_000);
    const code = await this.exited;
    clearTimeout(timer);
    this.signal('SIGKILL'); // anything it left in its group
    return code;
  }

  /** Ends a one-shot command that runs too long. */
  async bounded(ms = BOUND_MS): Promise<number | null> {
    const timer = setTimeout(() => {
      this.output += `\n[still running after ${ms / 1000} s: killed]`;
      this.signal('SIGKILL');
    }, ms);
    const code = await this.exited;
    clearTimeout(timer);
    this.signal('SIGKILL');
    return code;
  }
}

interface Background {
  command: ShellCommand;
  file: string;
  ran: string;
  proc: Running;
  fetchDocs: boolean;
}

type WorldKind = 'listen' | 'mockApi';

export interface SessionOptions {
  /**
   * A server typed in the foreground (`itscope-hooks listen`): 'stop' starts it, waits until
   * it is ready and stops it with Ctrl-C (examples are often alternatives); 'keep' lets it
   * take the place of the sandbox's server of its kind and keep running, as in a reader's
   * first terminal.
   */
  foreground?: 'stop' | 'keep';
  skips?: readonly Skip[];
  givens?: readonly Given[];
}

export class DocSession {
  private ports = new Map<number, number>();
  private exports: string[] = [];
  private background: Background[] = [];
  /** The sandbox's servers, and whether a page's command took a place (restored after it). */
  readonly world: Partial<Record<WorldKind, Running>> = {};
  private displaced = new Set<WorldKind>();
  /** Every output of the world's servers so far, also of those already replaced. */
  readonly worldOutput: Record<WorldKind, string[]> = { listen: [], mockApi: [] };

  private constructor(
    readonly dir: string,
    readonly cwd: string,
    readonly env: Record<string, string | undefined>,
    private readonly cleanup: () => Promise<void>,
    private readonly options: SessionOptions,
  ) {}

  static async open(options: SessionOptions = {}): Promise<DocSession> {
    const { dir, cleanup } = await tempDir('doc-examples-');
    const cwd = join(dir, 'clone');
    const bin = join(dir, 'bin');
    const home = join(dir, 'home');
    await Promise.all([mkdir(cwd), mkdir(bin), mkdir(home)]);
    // A clone has fixtures/ (the examples use its payloads); linked, never written.
    await symlink(join(ROOT, 'fixtures'), join(cwd, 'fixtures'));
    // `npm link` puts itscope-hooks on the PATH; here a shim runs the built CLI.
    await writeFile(join(bin, 'itscope-hooks'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    await chmod(join(bin, 'itscope-hooks'), 0o755);
    await installStandIns(bin, ['cloudflared', 'ngrok']);
    const env = baseEnv({
      PATH: [bin, dirname(process.execPath), process.env.PATH ?? ''].join(delimiter),
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_CACHE_HOME: join(home, '.cache'),
      CI: '1',
      DISPLAY: undefined,
      WAYLAND_DISPLAY: undefined,
      COLUMNS: undefined,
      ...READER_VARIABLES,
    });
    const session = new DocSession(dir, cwd, env, cleanup, options);
    const listen = await session.port(DOC_PORTS.listen);
    const mock = await session.port(DOC_PORTS.mockApi);
    await session.port(DOC_PORTS.ui);
    Object.assign(env, {
      PORT: String(listen),
      ITSCOPE_API_BASE: `http://127.0.0.1:${mock}/2.1`,
      ITSCOPE_ACCOUNT_ID: 'demo',
      ITSCOPE_API_KEY: 'demo-key',
    });
    return session;
  }

  /** The free port that stands in for a documented one (allocated on first use). */
  async port(documented: number): Promise<number> {
    let port = this.ports.get(documented);
    if (port === undefined) {
      port = await closedPort();
      this.ports.set(documented, port);
    }
    return port;
  }

  /** The sandbox's port for a documented one (already allocated). */
  portOf(documented: number): number {
    const port = this.ports.get(documented);
    if (port === undefined) throw new Error(`no port allocated for ${documented}`);
    return port;
  }

  /** The URL of the sandbox's listen, as the docs write it (`http://127.0.0.1:8765/`). */
  get listenUrl(): string {
    return `http://127.0.0.1:${this.portOf(DOC_PORTS.listen)}/`;
  }

  /** Starts the sandbox's listen and mock-api (once, or again after a page's command replaced one). */
  async startWorld(kinds: WorldKind[] = ['listen', 'mockApi']): Promise<void> {
    for (const kind of kinds) {
      if (this.world[kind] && !this.world[kind]!.ended) continue;
      const command = kind === 'listen' ? 'exec itscope-hooks listen' : `exec itscope-hooks mock-api --port ${this.portOf(DOC_PORTS.mockApi)}`;
      const proc = this.adopt(kind, this.spawn(command));
      if (!(await proc.waitFor((o) => READY.test(o)))) throw new Error(`the sandbox's ${kind} did not start:\n${proc.output}`);
    }
  }

  private adopt(kind: WorldKind, proc: Running): Running {
    this.world[kind] = proc;
    const outputs = this.worldOutput[kind];
    const index = outputs.push('') - 1;
    proc.child.stdout!.on('data', () => (outputs[index] = proc.output));
    proc.child.stderr!.on('data', () => (outputs[index] = proc.output));
    proc.exited.then(() => (outputs[index] = proc.output));
    return proc;
  }

  /** Stops a sandbox server so a page's command can take its place; it comes back after that command (or its block). */
  private async displace(kind: WorldKind): Promise<void> {
    const proc = this.world[kind];
    if (proc && !proc.ended) {
      const code = await proc.stop();
      if (code !== 0) throw new Error(`the sandbox's ${kind} did not stop cleanly (exit ${code}):\n${proc.output}`);
    }
    this.world[kind] = undefined;
    this.displaced.add(kind);
  }

  private holdRestore = false;

  private async restore(): Promise<void> {
    if (this.holdRestore) return;
    const kinds = [...this.displaced];
    this.displaced.clear();
    await this.startWorld(kinds);
  }

  /** Every process this session started, so none outlives it. */
  private readonly spawned = new Set<Running>();

  private spawn(script: string): Running {
    const proc = new Running(script, this.cwd, this.env);
    this.spawned.add(proc);
    return proc;
  }

  /** The script sh runs: the page's exports so far, then the command. */
  private script(body: string): string {
    return [...this.exports, body].join('\n');
  }

  /** Runs shell text in the page's folder (for seeds and givens); throws unless it exits 0. */
  async shell(text: string, options: { rewrite?: boolean } = {}): Promise<string> {
    const proc = this.spawn(this.script(options.rewrite === false ? text : await this.rewrite(text)));
    const code = await proc.bounded();
    if (code !== 0) throw new Error(`\`${text}\` exited ${code}:\n${proc.output}`);
    return proc.output;
  }

  /** What the sandbox changes in a command: documented ports → its ports, `NAME=…` placeholders dropped, a server's default port named. */
  async rewrite(text: string): Promise<string> {
    for (const p of portsIn(text)) await this.port(p);
    let out = mapPorts(dropPlaceholders(text), (p) => this.portOf(p));
    const args = cliArgs(out) ?? [];
    // Servers bind their documented default ports unless told: tell them the sandbox's.
    if (args[0] === 'mock-api' && !hasFlag(args, '--port', '-p')) out = insertAfterCli(out, `--port ${this.portOf(DOC_PORTS.mockApi)}`);
    const servesUi = args[0] === 'inspect' || (args[0] === 'listen' && hasFlag(args, '--ui'));
    if (servesUi && !hasFlag(args, '--ui-port') && !(args[0] === 'inspect' && hasFlag(args, '-p')))
      out = insertAfterCli(out, `--ui-port ${this.portOf(DOC_PORTS.ui)}`);
    return out;
  }

  private outcome(file: string, c: ShellCommand, fields: Partial<Outcome>): Outcome {
    return {
      file,
      line: c.line,
      text: c.text,
      ran: undefined,
      status: 'passed',
      expected: c.expectedExit,
      exit: undefined,
      output: '',
      note: undefined,
      ...fields,
    };
  }

  /** Runs one command of a page, with the state it presupposes (see Given). */
  async run(file: string, c: ShellCommand): Promise<Outcome> {
    const skip = this.options.skips?.find((s) => s.file === file && s.command === c.text);
    if (skip) return this.outcome(file, c, { status: 'skipped', note: skip.reason });
    const given = this.options.givens?.find((g) => g.file === file && g.command === c.text && (g.comment === undefined || g.comment === c.comment));
    if (!given) return this.runCommand(file, c);
    if (given.displaceListen) await this.displace('listen');
    const mark = this.background.length;
    // The sandbox's servers come back after the teardown, not while the given state is there.
    this.holdRestore = true;
    try {
      for (const step of blockCommands({ lang: 'sh', line: c.line, lines: given.setup, title: undefined })) {
        const o = await this.runCommand(file, step);
        if (o.status !== 'passed') throw new Error(`the setup for \`${c.text}\` failed:\n${failures([o])}`);
      }
      return { ...(await this.runCommand(file, c)), note: `given: ${given.reason}` };
    } finally {
      for (const b of this.background.splice(mark).reverse()) await b.proc.stop();
      for (const line of given.teardown ?? []) await this.shell(line);
      this.holdRestore = false;
      await this.restore();
    }
  }

  private async runCommand(file: string, c: ShellCommand): Promise<Outcome> {
    if (/\bnpx itscope-hooks\b/.test(c.text))
      return this.outcome(file, c, { status: 'failed', note: 'the docs run the command as `itscope-hooks …` (after `npm link`), never `npx itscope-hooks`' });
    const kind = kindOf(c.text);
    const programs = programsOf(c.text);
    if (kind === 'other' && !programs.every((p) => SHELL_TOOLS.has(p) || /^[A-Za-z_]+=/.test(p)))
      return this.outcome(file, c, { status: 'not-run', note: `not an itscope-hooks command (${programs[0]})` });
    await this.settle();
    if (kind === 'export') {
      const ran = await this.rewrite(c.text);
      if (ran !== 'export') this.exports.push(ran);
      return this.outcome(file, c, { ran });
    }
    if (kind === 'wait') return this.wait(file, c);
    const ran = await this.rewrite(c.text);
    if (kind === 'server' || kind === 'ci-listen') return this.serve(file, c, ran);
    const proc = this.spawn(this.script(ran));
    const exit = await proc.bounded();
    return this.outcome(file, c, { ran, exit, output: proc.output, status: exit === c.expectedExit ? 'passed' : 'failed' });
  }

  /** A server or a CI-mode listen: started, awaited until ready, then stopped, fed, kept or left in the background. */
  private async serve(file: string, c: ShellCommand, ran: string): Promise<Outcome> {
    const args = cliArgs(ran) ?? [];
    const takes: WorldKind | undefined =
      args[0] === 'listen'
        ? 'listen'
        : args[0] === 'mock-api' && flagValue(args, '--port', '-p') === String(this.portOf(DOC_PORTS.mockApi))
          ? 'mockApi'
          : undefined;
    if (takes) await this.displace(takes);
    const proc = this.spawn(this.script(execForm(ran)));
    const result = (fields: Partial<Outcome>) => this.outcome(file, c, { ran, output: proc.output, ...fields });
    if (!(await proc.waitFor((o) => READY.test(o)))) {
      const exit = proc.ended ? await proc.exited : await proc.stop();
      const ok = proc.ended && exit === c.expectedExit && c.expectedExit !== 0;
      if (!c.background) await this.restore();
      return result({ exit, status: ok ? 'passed' : 'failed', note: ok ? undefined : 'never became ready' });
    }
    if (c.background) {
      this.background.push({ command: c, file, ran, proc, fetchDocs: hasFlag(args, '--fetch-docs') });
      return result({ note: 'runs in the background until its block ends' });
    }
    if (kindOf(ran) === 'ci-listen') {
      let feed: string;
      try {
        feed = await this.feed(args);
      } catch (error) {
        await proc.stop();
        await this.restore();
        throw error;
      }
      const exit = await proc.bounded();
      await this.restore();
      return result({ exit, output: `${proc.output}\n[fed by the test: ${feed}]`, status: exit === c.expectedExit ? 'passed' : 'failed' });
    }
    if (takes && this.options.foreground === 'keep') {
      this.adopt(takes, proc);
      this.displaced.delete(takes);
      return result({ note: 'keeps running, as in a first terminal' });
    }
    const exit = await proc.stop();
    await this.restore();
    return result({ exit, status: exit === c.expectedExit ? 'passed' : 'failed' });
  }

  /** A CI-mode listen in the foreground waits for webhooks: the test sends what it waits for, as ITscope would. */
  private async feed(args: string[]): Promise<string> {
    const port = flagValue(args, '--port', '-p') ?? this.env.PORT;
    const url = `http://127.0.0.1:${port}${flagValue(args, '--path') ?? '/'}`;
    const deals = flagValue(args, '--expect-deals');
    const types = flagValue(args, '--expect');
    const count = flagValue(args, '--max-events');
    const send = deals ? `--deals ${deals}` : types ? `--type ${types}` : count ? `--count ${count}` : undefined;
    if (!send) throw new Error(`cannot feed \`listen ${args.join(' ')}\`: it waits for nothing the test can send`);
    const text = `itscope-hooks send ${send} --url ${url}`;
    await this.shell(text, { rewrite: false });
    return text;
  }

  private async wait(file: string, c: ShellCommand): Promise<Outcome> {
    const last = this.background.pop();
    if (!last) return this.outcome(file, c, { status: 'failed', note: '`wait` with nothing in the background' });
    const exit = await last.proc.bounded();
    return this.outcome(file, c, { ran: last.ran, exit, output: last.proc.output, status: exit === c.expectedExit ? 'passed' : 'failed' });
  }

  /**
   * A reader types the next command after the lines of the last one: a background
   * `listen --fetch-docs` has printed a document line for each webhook it took.
   */
  private async settle(): Promise<void> {
    for (const b of this.background) {
      if (!b.fetchDocs) continue;
      await b.proc.waitFor((o) => (o.match(/^ {2}[✓•✗] /gm) ?? []).length >= (o.match(/^\d\d:\d\d:\d\d ✓ /gm) ?? []).length, 30_000);
    }
  }

  /** The end of a block: what it sent to the background is stopped (Ctrl-C), the sandbox's servers come back. */
  async endBlock(): Promise<Outcome[]> {
    await this.settle();
    const outcomes: Outcome[] = [];
    for (const b of this.background.splice(0).reverse()) {
      const exit = await b.proc.stop();
      outcomes.push(
        this.outcome(b.file, b.command, {
          ran: b.ran,
          exit,
          output: b.proc.output,
          status: exit === b.command.expectedExit ? 'passed' : 'failed',
          note: 'stopped with Ctrl-C at the end of its block',
        }),
      );
    }
    await this.restore();
    return outcomes;
  }

  /** Stops everything (the sandbox's own servers must stop cleanly too) and removes the folder; nothing outlives it. */
  async close(): Promise<void> {
    const problems: string[] = [];
    try {
      await this.endBlock();
    } catch (error) {
      problems.push(String(error));
    }
    for (const kind of ['listen', 'mockApi'] as const) {
      const proc = this.world[kind];
      if (proc && !proc.ended) {
        const code = await proc.stop();
        if (code !== 0) problems.push(`the sandbox's ${kind} exited ${code}:\n${proc.output}`);
      }
    }
    for (const proc of this.spawned) if (!proc.ended) await proc.stop();
    await this.cleanup();
    if (problems.length > 0) throw new Error(problems.join('\n'));
  }
}

/** `A=1 itscope-hooks mock-api -x` + `--port 9` → `A=1 itscope-hooks mock-api --port 9 -x`. */
function insertAfterCli(text: string, flags: string): string {
  const { assignments, rest } = splitAssignments(text);
  return assignments + rest.replace(/^(itscope-hooks\s+\S+)/, `$1 ${flags}`);
}

/** Runs every command of a page in order; blocks end with their background commands stopped. */
export async function runPage(
  file: string,
  blocks: ReadonlyArray<{ commands: ShellCommand[] }>,
  options: SessionOptions & { seed?: readonly string[] },
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  if (blocks.every((b) => b.commands.length === 0)) return outcomes;
  const session = await DocSession.open(options);
  try {
    await session.startWorld();
    for (const text of options.seed ?? []) await session.shell(text);
    for (const block of blocks) {
      for (const c of block.commands) {
        try {
          outcomes.push(await session.run(file, c));
        } catch (error) {
          outcomes.push({
            file,
            line: c.line,
            text: c.text,
            ran: undefined,
            status: 'failed',
            expected: c.expectedExit,
            exit: undefined,
            output: String(error),
            note: 'the sandbox failed',
          });
        }
      }
      outcomes.push(...(await session.endBlock()));
    }
  } finally {
    await session.close();
  }
  return outcomes;
}

/** One line per outcome that failed, with where it is and what it printed: the test's failure message. */
export function failures(outcomes: readonly Outcome[]): string {
  return outcomes
    .filter((o) => o.status === 'failed')
    .map((o) => {
      const exit = o.exit === undefined ? '' : ` exited ${o.exit}, expected ${o.expected}`;
      const tail = o.output.trimEnd().split('\n').slice(-15).join('\n    ');
      return `${o.file}:${o.line} \`${o.text}\`${exit}${o.note ? ` (${o.note})` : ''}\n    ran: ${o.ran ?? '-'}\n    ${tail}`;
    })
    .join('\n');
}
