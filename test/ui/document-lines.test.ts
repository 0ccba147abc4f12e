// Document lines as fetch-doc and listen --fetch-docs print them, at 80 and 120 columns.
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { FetchOutcome } from '../../src/documents/batch.js';
import { outcomeLines, totalsLine } from '../../src/ui/document-lines.js';

const plain = new Chalk({ level: 0 });
const TX = '01a231cc-ead5-72cd-87e1-ccd9411ab5fc';
const target = { ref: 'e1', transactionId: TX, docType: 'DISPATCHNOTIFICATION', format: 'xml' } as const;
const path = `/p/.itscope-hooks/documents/${TX}/DISPATCHNOTIFICATION.xml`;
const saved: FetchOutcome = { target, status: 'downloaded', path, bytes: 3231, contentType: 'application/xml' };
const skipped: FetchOutcome = { ...saved, status: 'skipped' };

describe('outcomeLines', () => {
  it('shows a saved document by its path relative to the working directory, shortened to fit 80 columns', () => {
    expect(outcomeLines(saved, plain, { cwd: '/p' })).toEqual([`✓ .itscope-hooks/documents/01a231cc…/DISPATCHNOTIFICATION.xml (3.2 KiB)`]);
    expect(outcomeLines(saved, plain, { cwd: '/p', width: 120 })).toEqual([`✓ .itscope-hooks/documents/${TX}/DISPATCHNOTIFICATION.xml (3.2 KiB)`]);
    expect(outcomeLines(saved, plain, { cwd: '/elsewhere', width: 200 })).toEqual([`✓ ${path} (3.2 KiB)`]);
  });

  it('says a skipped document is already saved; only fetch-doc offers --force (listen has none)', () => {
    const listen = outcomeLines(skipped, plain, { prefix: '  ', indent: 4, cwd: '/p' });
    expect(listen).toEqual(['  • .itscope-hooks/documents/01a231cc…/DISPATCHNOTIFICATION.xml (on disk)']);
    expect(listen.join('\n')).not.toContain('--force');
    expect(outcomeLines(skipped, plain, { cwd: '/p', skippedNote: '--force fetches it again' })).toEqual([
      '• .itscope-hooks/documents/01a231cc…/DISPATCHNOTIFICATION.xml (on disk)',
      '  --force fetches it again',
    ]);
    expect(outcomeLines(skipped, plain, { cwd: '/p', width: 160, skippedNote: '--force fetches it again' })).toEqual([
      `• .itscope-hooks/documents/${TX}/DISPATCHNOTIFICATION.xml (on disk; --force fetches it again)`,
    ]);
  });

  it('wraps a failure and its fix below a shortened label at 80 columns; one line at 200', () => {
    const failed: FetchOutcome = {
      ...saved,
      status: 'failed',
      path: undefined,
      bytes: 0,
      error: `ITscope answered 404: the DISPATCHNOTIFICATION.xml of transaction ${TX} is not available (yet)`,
      hint: `ITscope may not have created it yet: try again later; check the transactionId ${TX} and the type DISPATCHNOTIFICATION`,
    };
    const narrow = outcomeLines(failed, plain, { prefix: '[3/4] ' });
    expect(narrow[0]).toBe('[3/4] ✗ DISPATCHNOTIFICATION.xml 01a231cc…: ITscope answered 404: the');
    for (const line of narrow) expect(line.length).toBeLessThanOrEqual(80);
    expect(narrow.join(' ').replace(/ +/g, ' ')).toContain(`fix: ITscope may not have created it yet: try again later; check the transactionId ${TX}`);
    const wide = outcomeLines(failed, plain, { width: 200 });
    expect(wide[0]).toBe(`✗ DISPATCHNOTIFICATION.xml ${TX}: ${failed.error}`);
    expect(wide[1]).toBe(`  fix: ${failed.hint}`);
  });

  it('says once in the totals what --force does', () => {
    expect(totalsLine([saved, skipped], undefined, 0, '--force fetches them again')).toBe(
      '1 downloaded, 1 skipped (already on disk; --force fetches them again), 0 failed',
    );
    expect(totalsLine([saved], undefined, 0, '--force fetches them again')).toBe('1 downloaded, 0 skipped, 0 failed');
  });
});
