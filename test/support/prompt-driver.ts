/**
 * Drives real @inquirer/prompts through streams: waits until a question appears on the
 * output, then types keys into the input, as a person at a terminal would.
 */
import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';

export const KEY = { enter: '\r', ctrlC: '\u0003', clearLine: '\u0015' } as const;

interface Waiter {
  pattern: string | RegExp;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class PromptDriver {
  /** What the prompts read: a stream that says it is a terminal. */
  readonly input: PassThrough & { isTTY: boolean } = Object.assign(new PassThrough(), { isTTY: true });
  readonly output = new PassThrough();
  /** Everything shown so far, without escape sequences. */
  text = '';
  private cursor = 0;
  private waiters: Waiter[] = [];

  constructor() {
    this.output.on('data', (chunk: Buffer) => {
      this.text += stripVTControlCharacters(chunk.toString('utf8'));
      this.check();
    });
  }

  private find(pattern: string | RegExp): number {
    const rest = this.text.slice(this.cursor);
    if (typeof pattern === 'string') {
      const at = rest.indexOf(pattern);
      return at === -1 ? -1 : this.cursor + at + pattern.length;
    }
    const m = pattern.exec(rest);
    return m ? this.cursor + m.index + m[0].length : -1;
  }

  private check(): void {
    for (const waiter of [...this.waiters]) {
      const end = this.find(waiter.pattern);
      if (end === -1) continue;
      this.cursor = end;
      clearTimeout(waiter.timer);
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve();
    }
  }

  /** Resolves once the pattern appears after everything matched before. */
  waitFor(pattern: string | RegExp, timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        reject(new Error(`prompt ${String(pattern)} did not appear; output so far:\n${this.text}`));
      }, timeoutMs);
      this.waiters.push({ pattern, resolve, reject, timer });
      this.check();
    });
  }

  /** Waits for the question, then types the keys. */
  async answer(question: string | RegExp, keys: string): Promise<void> {
    await this.waitFor(question);
    this.input.write(keys);
  }
}
