import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportName, safeNamePart } from '../../src/captures/export-name.js';
import type { StoredCapture } from '../../src/store/capture-reader.js';
import { makeCapture } from '../support/capture-records.js';

function stored(extra: Partial<StoredCapture>): StoredCapture {
  return { ...makeCapture('{}', { receivedAt: '2026-01-02T03:04:05.678Z' }), seq: 7, ...extra };
}

describe('safeNamePart', () => {
  it.each([
    ['DELIVERY', 'DELIVERY'],
    ['../../x', '.._.._x'],
    ['a/b\\c', 'a_b_c'],
    ['A\nB', 'A_B'],
    ['.', '_'],
    ['..', '__'],
    ['', '_'],
    ['x'.repeat(100), 'x'.repeat(40)],
  ])('%j → %j', (text, part) => expect(safeNamePart(text, 40)).toBe(part));
});

describe('exportName', () => {
  it('names a capture by time, type, eventId and seq', () => {
    expect(exportName(stored({ eventType: 'ORDER', eventId: 'e2a6a466-3b62' }))).toBe('20260102T030405Z-ORDER-e2a6a466-3b62-7.json');
    expect(exportName(stored({}))).toBe('20260102T030405Z-UNKNOWN-capture-7-7.json');
  });

  it.each([
    ['a relative path', '../../x'],
    ['a deep relative path', '../../../../../etc/passwd'],
    ['..', '..'],
    ['.', '.'],
    ['a newline', 'A\nB'],
    ['an absolute path', '/abs'],
    ['a Windows path', 'C:\\x'],
    ['a NUL', 'a\u0000b'],
    ['5000 characters', 'x'.repeat(5000)],
  ])('keeps an eventType or eventId with %s inside the export folder', (_name, text) => {
    for (const name of [exportName(stored({ eventType: text })), exportName(stored({ eventId: text }))]) {
      expect(basename(name)).toBe(name);
      expect(name).toMatch(/^[A-Za-z0-9._-]+\.json$/);
      expect(name.length).toBeLessThanOrEqual(200);
    }
  });
});
