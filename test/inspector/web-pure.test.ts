// The page's pure parts, run in Node: pretty-printing with problem paths, shell commands,
// the view in the address bar, and text made visible.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkPayload } from '../../src/core/payload-schema.js';
import { createSample } from '../../src/core/samples.js';
import { curlCommand, sendCommand, shellWord } from '../../src/inspector/web/commands.js';
import { hexDump, label, visible } from '../../src/inspector/web/format.js';
import { placeProblems, prettyJson } from '../../src/inspector/web/json-pretty.js';
import { readState, writeState } from '../../src/inspector/web/state.js';

const text = (lines: NonNullable<ReturnType<typeof prettyJson>>) => lines.map((l) => '  '.repeat(l.depth) + l.tokens.map((t) => t.text).join('')).join('\n');

describe('prettyJson', () => {
  it('indents from the original tokens, keeping numbers and escapes as written', () => {
    const lines = prettyJson('{"a":1.50,"b":[true,null,"\\u00e9"],"c":{},"d":[]}')!;
    expect(text(lines)).toBe('{\n  "a": 1.50,\n  "b": [\n    true,\n    null,\n    "\\u00e9"\n  ],\n  "c": {},\n  "d": []\n}');
    expect(lines.map((l) => l.path)).toEqual(['$', '$.a', '$.b', '$.b[0]', '$.b[1]', '$.b[2]', '$.b', '$.c', '$.d', '$']);
  });

  it('is undefined for text that is not JSON', () => {
    expect(prettyJson('{"a":')).toBeUndefined();
    expect(prettyJson('')).toBeUndefined();
  });

  it("puts each validation problem on its field's line, the others above the body", () => {
    const payload = { ...createSample('DELIVERY'), timestamp: '2026-11-02T10:30:15Z', 'odd key': 1 } as Record<string, unknown>;
    delete payload.documentId;
    const verdict = checkPayload(payload);
    const lines = prettyJson(JSON.stringify(payload))!;
    const { at, unplaced } = placeProblems(lines, [...verdict.errors, ...verdict.warnings]);
    const placed = [...at.entries()].flatMap(([i, ps]) => ps.map((p) => [lines[i]!.path, p.path]));
    expect(placed).toContainEqual(['$.timestamp', '$.timestamp']);
    expect(placed).toContainEqual(['$["odd key"]', '$["odd key"]']);
    expect(unplaced.map((p) => p.path)).toContain('$.documentId');
  });
});

describe('copy as a command', () => {
  it('quotes words so that sh passes them through unchanged', () => {
    for (const word of ["it's", 'a b', '$HOME', '{"x":"y"}\n', 'plain-word_1.2', '`id`', '']) {
      expect(execFileSync('sh', ['-c', `printf %s ${shellWord(word)}`], { encoding: 'utf8' })).toBe(word);
    }
  });

  it('builds curl with the exact body and send with the eventId', () => {
    expect(curlCommand('http://127.0.0.1:8765/', '{"a":"it\'s"}', 'application/json')).toBe(
      `curl -sS -X POST http://127.0.0.1:8765/ -H 'Content-Type: application/json' --data-binary '{"a":"it'\\''s"}'`,
    );
    expect(sendCommand('e2a6a466', 'http://127.0.0.1:8765/', '/home/me/my shop/captures')).toBe(
      "itscope-hooks send --event-id e2a6a466 --url http://127.0.0.1:8765/ --captures '/home/me/my shop/captures'",
    );
  });
});

describe('the view in the address bar', () => {
  it('round-trips filters, search, the open capture and deal, and drops what is unknown', () => {
    const state = { tab: 'events' as const, type: 'DELIVERY', valid: 'invalid' as const, duplicate: true, q: 'PO 1&2', id: 12 };
    expect(readState(writeState(state))).toEqual({ ...state, deal: undefined, incomplete: undefined });
    expect(readState('?type=bogus&valid=maybe&id=-3&tab=deals&deal=tx-1')).toMatchObject({
      tab: 'deals',
      type: undefined,
      valid: undefined,
      id: undefined,
      deal: 'tx-1',
    });
    expect(writeState({ tab: 'events' })).toBe('');
  });
});

describe('display helpers', () => {
  it('shows control and bidi characters as escapes, keeps newlines and tabs', () => {
    expect(visible('a\u001b[31mb\u202e\tc\n')).toBe('a\\x1b[31mb\\u202e\tc\n');
  });
  it('labels summary fields and dumps bytes', () => {
    expect(label('trackingNumbers')).toBe('Tracking numbers');
    expect(hexDump(Uint8Array.from([0x7b, 0x00, 0xff]))).toBe(`00000000  ${'7b 00 ff'.padEnd(47)}  {..`);
  });
});
