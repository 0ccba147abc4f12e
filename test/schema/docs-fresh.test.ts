// The files under docs/schema/ are what `itscope-hooks schema` prints. When the schema
// changes, refresh them with:
//   UPDATE_SCHEMA_DOCS=1 npx vitest run test/schema/docs-fresh.test.ts
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../../src/schema/documents.js';

const DIR = fileURLToPath(new URL('../../docs/schema/', import.meta.url));
const REFRESH = 'run `UPDATE_SCHEMA_DOCS=1 npx vitest run test/schema/docs-fresh.test.ts` to refresh';
const files = generatedFiles();

if (process.env.UPDATE_SCHEMA_DOCS) {
  mkdirSync(DIR, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(`${DIR}${name}`, text);
}

function onDisk(name: string): string | undefined {
  try {
    return readFileSync(`${DIR}${name}`, 'utf8');
  } catch {
    return undefined;
  }
}

describe('docs/schema/ is up to date', () => {
  it.each(Object.keys(files))('%s', (name) => {
    const text = onDisk(name);
    expect(text, `docs/schema/${name} is missing: ${REFRESH}`).toBeDefined();
    expect(text === files[name], `docs/schema/${name} is stale: ${REFRESH}`).toBe(true);
  });

  it('holds no other files', () => {
    expect(readdirSync(DIR).sort(), `docs/schema/ holds files the generator does not make: remove them`).toEqual(Object.keys(files).sort());
  });
});
