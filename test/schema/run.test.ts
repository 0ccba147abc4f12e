import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/cli/context.js';
import { UserError } from '../../src/core/errors.js';
import { renderSchema, SCHEMA_FORMATS } from '../../src/schema/documents.js';
import { run } from '../../src/schema/run.js';
import { createOutput } from '../../src/ui/output.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

let dir = '';
let cleanup = async () => {};
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('itscope-hooks-schema-'));
});
afterEach(() => cleanup());

/** Runs the command in the temp folder; returns what it printed. */
async function schema(options: Record<string, unknown>): Promise<{ stdout: string; stderr: string }> {
  const stdout = new Collect();
  const stderr = new Collect();
  const ctx: CommandContext = {
    cwd: dir,
    env: {},
    stdin: process.stdin,
    out: createOutput({ stdout, stderr, env: { NO_COLOR: '1' } }),
    debug: false,
    version: '0.0.0-test',
  };
  await run(options, [], ctx);
  return { stdout: stdout.text, stderr: stderr.text };
}

/** The UserError a run throws. */
async function userError(options: Record<string, unknown>): Promise<UserError> {
  const error: unknown = await schema(options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  expect((error as UserError).exitCode).toBe(2);
  return error as UserError;
}

describe('itscope-hooks schema', () => {
  it('prints the JSON Schema by default', async () => {
    const { stdout, stderr } = await schema({});
    expect(stdout).toBe(renderSchema('json-schema'));
    expect(JSON.parse(stdout)).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema' });
    expect(stderr).toBe('');
  });

  it.each([
    [{ format: 'openapi' }, renderSchema('openapi')],
    [{ format: 'typescript' }, renderSchema('typescript')],
    [{ format: 'json-schema', yaml: true }, renderSchema('json-schema', { yaml: true })],
    [{ format: 'openapi', yaml: true }, renderSchema('openapi', { yaml: true })],
    [{ format: 'OpenAPI' }, renderSchema('openapi')],
  ])('prints %j', async (options, expected) => {
    expect((await schema(options)).stdout).toBe(expected);
  });

  it('writes --out atomically: the file holds what stdout would, and nothing else is left in the folder', async () => {
    for (const format of SCHEMA_FORMATS) {
      const out = `schema-${format}.txt`;
      const { stdout, stderr } = await schema({ format, out });
      expect(stdout).toBe('');
      expect(stderr).toBe(`wrote ${out} (${format})\n`);
      expect(await readFile(join(dir, out), 'utf8')).toBe((await schema({ format })).stdout);
    }
    expect((await readdir(dir)).sort()).toEqual(SCHEMA_FORMATS.map((f) => `schema-${f}.txt`).sort());
  });

  it('replaces a file that exists', async () => {
    await writeFile(join(dir, 'old.yaml'), 'old');
    await schema({ out: 'old.yaml', yaml: true });
    expect(await readFile(join(dir, 'old.yaml'), 'utf8')).toBe(renderSchema('json-schema', { yaml: true }));
  });
});

describe('itscope-hooks schema: usage errors (exit 2)', () => {
  it.each([
    ['xml', '--format xml is not a format of schema'],
    ['json', '--format json is not a format of schema'],
    [42, '--format 42 is not a format of schema'],
    ['', '--format is empty'],
  ])('--format %j names the formats there are', async (format, message) => {
    const error = await userError({ format });
    expect(error.message).toBe(message);
    expect(error.hint).toBe('use one of json-schema, openapi, typescript (default json-schema)');
  });

  it('--yaml with --format typescript', async () => {
    const error = await userError({ format: 'typescript', yaml: true });
    expect(error.message).toBe('--yaml does not apply to --format typescript');
    expect(error.hint).toMatch(/json-schema and openapi/);
  });

  it('an empty --out', async () => {
    expect((await userError({ out: ' ' })).message).toBe('--out is empty');
  });

  async function expectNothingWritten(): Promise<void> {
    const names = await readdir(dir, { recursive: true });
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
  }

  it('a folder as --out', async () => {
    await mkdir(join(dir, 'docs'));
    const error = await userError({ out: 'docs' });
    expect(error.message).toBe('--out docs is a folder');
    expect(error.hint).toBe(`give a file name, e.g. ${join('docs', 'itscope-webhook.schema.json')}`);
    expect((await userError({ out: 'docs/' })).message).toBe('--out docs/ names a folder');
    expect(await readdir(join(dir, 'docs'))).toEqual([]);
    await expectNothingWritten();
  });

  it('a folder that does not exist', async () => {
    const error = await userError({ out: 'missing/schema.json' });
    expect(error.message).toBe(`cannot write missing/schema.json: the folder ${join(dir, 'missing')} does not exist`);
    expect(error.hint).toMatch(/^create it first \(mkdir -p /);
    await expectNothingWritten();
  });

  it('a file in the way of the folder', async () => {
    await writeFile(join(dir, 'file'), 'x');
    const error = await userError({ out: 'file/schema.json' });
    expect(error.message).toBe(`cannot write file/schema.json: ${join(dir, 'file')} is a file, not a folder`);
    await expectNothingWritten();
  });

  it('a link as --out', async () => {
    await writeFile(join(dir, 'target.json'), 'kept');
    await symlink(join(dir, 'target.json'), join(dir, 'link.json'));
    expect((await userError({ out: 'link.json' })).message).toBe('--out link.json is not a regular file (a link, device or pipe)');
    expect(await readFile(join(dir, 'target.json'), 'utf8')).toBe('kept');
    await expectNothingWritten();
  });

  it('a folder where nobody may create files, not even root (/sys)', async () => {
    const error = await userError({ out: '/sys/itscope-webhook.schema.json' });
    expect(error.message).toBe('cannot write /sys/itscope-webhook.schema.json: no permission to create files in /sys');
    expect(error.hint).toMatch(/check the folder's permissions/);
  });
});

describe('the built binary', () => {
  it('prints the JSON Schema by default, the same as the checked-in docs/schema copy', async () => {
    const result = await runCli(['schema']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(await readFile(new URL('../../docs/schema/itscope-webhook.schema.json', import.meta.url), 'utf8'));
  });

  it.each([
    [['schema', '--format', 'xml'], /--format xml is not a format of schema\nfix: +use one of json-schema, openapi, typescript/],
    [['schema', '--format', 'typescript', '--yaml'], /--yaml does not apply to --format typescript/],
    [['schema', '--out', '/proc/no/such/dir/x.json'], /cannot write \/proc\/no\/such\/dir\/x\.json/],
  ])('%j exits 2 with a message and a fix', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/fix:/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('takes --format in any case', async () => {
    const result = await runCli(['schema', '--format', 'TypeScript']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('export type ItscopeWebhook');
  });
});
