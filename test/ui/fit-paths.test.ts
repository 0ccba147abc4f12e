import { describe, expect, it } from 'vitest';
import { displayPath, displayWidth, fitPath, shortId, truncate, usableWidth, wrapIndented, wrapWords } from '../../src/ui/fit.js';

describe('usableWidth', () => {
  it('takes a terminal’s columns, else COLUMNS, else 80; never less than 40', () => {
    expect(usableWidth({ isTTY: true, columns: 132 }, { COLUMNS: '90' })).toBe(132);
    expect(usableWidth({}, { COLUMNS: '120' })).toBe(120);
    expect(usableWidth({ isTTY: true, columns: 0 }, {})).toBe(80);
    expect(usableWidth({}, { COLUMNS: 'wide' })).toBe(80);
    expect(usableWidth({}, { COLUMNS: '20' })).toBe(40);
    expect(usableWidth({}, {})).toBe(80);
  });
});

describe('text that fits', () => {
  it('counts columns without color codes', () => {
    expect(displayWidth('\u001b[31mred\u001b[39m ✓')).toBe(5);
  });

  it('shortens ids worth shortening: head and tail, or the head alone where a line has little room', () => {
    expect(shortId('e2a6a466-3b62-4bb7-af53-b59aec592b49')).toBe('e2a6a466…592b49');
    expect(shortId('e2a6a466-3b62-4bb7-af53-b59aec592b49', 8, 0)).toBe('e2a6a466…');
    expect(shortId('123456789', 8, 0)).toBe('123456789');
    expect(shortId('1234567890123', 8, 0)).toBe('12345678…');
  });

  it('cuts and wraps', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
    expect(wrapWords('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrapWords('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapIndented('fix: one two three four', 12, 5)).toEqual(['fix: one two', '     three', '     four']);
  });

  it('shows paths relative to the working directory, and fits them', () => {
    expect(displayPath('/p/.itscope-hooks/documents/x.xml', '/p')).toBe('.itscope-hooks/documents/x.xml');
    expect(displayPath('/elsewhere/x.xml', '/p')).toBe('/elsewhere/x.xml');
    const path = '.itscope-hooks/documents/01a231cc-ead5-72cd-87e1-ccd9411ab5fc/DISPATCHNOTIFICATION.xml';
    expect(fitPath(path, 100)).toBe(path);
    expect(fitPath(path, 70)).toBe('.itscope-hooks/documents/01a231cc…/DISPATCHNOTIFICATION.xml');
    expect(fitPath(path, 57)).toBe('.itscope-hooks/documents/01a2…/DISPATCHNOTIFICATION.xml');
    expect(fitPath(path, 40)).toBe('…/01a2…/DISPATCHNOTIFICATION.xml');
  });
});
