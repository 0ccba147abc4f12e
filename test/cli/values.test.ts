import { describe, expect, it } from 'vitest';
import { parseSize } from '../../src/cli/values.js';
import { formatBytes } from '../../src/core/format.js';

describe('size', () => {
  it.each([
    ['1mb', 1048576],
    ['512kb', 524288],
    ['2MiB', 2097152],
    ['1000', 1000],
    ['1.5k', 1536],
    ['0', undefined],
    ['lots', undefined],
    ['5tb', undefined],
  ])('parseSize(%s) = %s', (text, bytes) => expect(parseSize(text)).toBe(bytes));
  it('formats sizes (one formatter for limits, progress and files)', () =>
    expect([formatBytes(1048576), formatBytes(2048), formatBytes(1000)]).toEqual(['1 MiB', '2 KiB', '1000 bytes']));
});
