// The follower against real journal files in a temp folder: offsets, lines written in
// pieces, torn lines, new journal files, and single captures read back by offset.
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAPTURE_KIND, type CaptureRecord } from '../../src/core/capture.js';
import { CaptureIndex } from '../../src/inspector/capture-index.js';
import { createJournalFollower } from '../../src/inspector/journal-follower.js';
import { readCapture } from '../../src/inspector/read-capture.js';
import { encodeLine } from '../../src/store/journal-line.js';
import { Recorder } from '../support/spawned.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('follower-'));
});
afterEach(() => cleanup());

function capture(n: number, body = `{"n":${n}}`): CaptureRecord {
  return {
    kind: CAPTURE_KIND,
    v: 1,
    receivedAt: new Date(Date.UTC(2026, 10, 2, 10, 0, n)).toISOString(),
    method: 'POST',
    path: '/',
    query: '',
    remoteAddress: '127.0.0.1',
    headers: {},
    body,
    bodyEncoding: 'utf8',
    valid: true,
    errors: [],
    warnings: [],
    status: 200,
    eventId: `event-${n}`,
    eventType: n % 2 ? 'ORDER' : 'INVOICE',
  };
}

describe('the journal follower', () => {
  it('indexes every file, follows appends line by line, and reads each capture back by offset', async () => {
    const a = join(dir, 'journal-20261101T000000000Z-1.ndjson');
    await writeFile(a, encodeLine(capture(1)) + encodeLine(capture(2)));
    const index = new CaptureIndex();
    const added = new Recorder<number>();
    const follower = createJournalFollower({
      dir,
      index,
      onAdded: (entries) => {
        for (const e of entries) added.push(e.id);
      },
    });
    await follower.sync();
    expect(index.size).toBe(2);

    // A line written in two pieces is indexed once it is complete.
    const third = encodeLine(capture(3, `{"big":"${'x'.repeat(10_000)}"}`));
    await appendFile(a, third.slice(0, 5000));
    await follower.sync();
    expect(index.size).toBe(2);
    await appendFile(a, third.slice(5000));
    await follower.sync();
    expect(index.size).toBe(3);

    // Followed from now on: a torn line in the middle is skipped and counted; a new
    // session's file is picked up.
    follower.follow();
    await appendFile(a, '{"kind":"itscope-hooks/capture","torn\n');
    const b = join(dir, 'journal-20261102T000000000Z-2.ndjson');
    await writeFile(b, encodeLine(capture(4)));
    await added.waitFor((id) => id === 4);
    expect(follower.torn).toBe(1);
    follower.close();

    for (const n of [1, 2, 3, 4]) {
      const entry = index.byEventId(`event-${n}`)!;
      expect(await readCapture(index, entry)).toEqual(JSON.parse(JSON.stringify(n === 3 ? capture(3, `{"big":"${'x'.repeat(10_000)}"}`) : capture(n))));
    }
  });

  it('reads a store larger than one read piece, with a line across the boundary', async () => {
    const lines: string[] = [];
    for (let n = 1; n <= 1200; n++) lines.push(encodeLine(capture(n, `{"pad":"${'y'.repeat(4000)}","n":${n}}`)));
    await writeFile(join(dir, 'journal-20261101T000000000Z-1.ndjson'), lines.join(''));
    const index = new CaptureIndex();
    await createJournalFollower({ dir, index }).sync();
    expect(index.size).toBe(1200);
    const last = index.get(1200)!;
    expect((await readCapture(index, last))?.eventId).toBe('event-1200');
  });

  it('treats a missing folder as an empty store that may appear later', async () => {
    const index = new CaptureIndex();
    const follower = createJournalFollower({ dir: join(dir, 'not-yet'), index });
    await follower.sync();
    expect(index.size).toBe(0);
  });
});
