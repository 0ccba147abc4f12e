import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe('send --dry-run', () => {
  it('points documentUrl at api.itscope.com even when ITSCOPE_API_BASE names a local stand-in', async () => {
    const result = await runCli(['send', '--dry-run', '--json'], { env: { ITSCOPE_API_BASE: 'http://127.0.0.1:8766/2.1' } });
    expect(result.code).toBe(0);
    const payloads = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { eventType: string; documentUrl: string });
    expect(payloads.map((p) => p.eventType)).toEqual(['ORDER', 'ORDERRESPONSE', 'DELIVERY', 'INVOICE']);
    for (const p of payloads) expect(p.documentUrl).toMatch(/^https:\/\/api\.itscope\.com\/2\.1\/business\/documents\//);
  });
});
