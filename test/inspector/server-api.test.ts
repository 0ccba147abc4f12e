// The inspector's JSON API against a real receiver, store, forward app and mock ITscope API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSample } from '../../src/core/samples.js';
import { eventStream } from '../support/inspector-harness.js';
import { getJson, postJson, type Stack, startStack } from './stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

/** Waits until the inspector lists a capture with this eventId; returns its row. */
async function listed(eventId: string): Promise<any> {
  const stream = eventStream(stack.inspector.url);
  try {
    for (;;) {
      const page = await getJson(stack.inspector, `/api/captures?q=${eventId}`);
      const row = page.json.items.find((r: any) => r.eventId === eventId && !r.duplicate);
      if (row) return row;
      await stream.events.waitFor((e) => (e.event === 'captures' || e.event === 'hello') && e.data.newest > page.json.newest);
    }
  } finally {
    stream.close();
  }
}

describe('the inspector API', () => {
  it('lists captures newest first, pages by cursor without gaps or repeats, and filters', async () => {
    const sent: string[] = [];
    for (const type of ['ORDER', 'ORDERRESPONSE', 'DELIVERY', 'INVOICE', 'DELIVERY'] as const) {
      const payload = createSample(type);
      expect((await stack.send(JSON.stringify(payload))).status).toBe(200);
      sent.push(payload.eventId);
    }
    await listed(sent.at(-1)!);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await getJson(stack.inspector, `/api/captures?limit=2${cursor ? `&before=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.json.items.map((r: any) => r.eventId));
      cursor = page.json.next;
    } while (cursor);
    expect(seen.slice(0, 5)).toEqual([...sent].reverse());
    expect(new Set(seen).size).toBe(seen.length);

    const deliveries = await getJson(stack.inspector, '/api/captures?type=delivery');
    expect(deliveries.json.items.every((r: any) => r.eventType === 'DELIVERY')).toBe(true);
    expect(deliveries.json.total).toBe(deliveries.json.items.length);
    const search = await getJson(stack.inspector, `/api/captures?q=${sent[2]!.slice(0, 13).toUpperCase()}`);
    expect(search.json.items.map((r: any) => r.eventId)).toEqual([sent[2]]);
    expect((await getJson(stack.inspector, '/api/captures?valid=maybe')).status).toBe(400);
  });

  it('shows one capture with redacted headers, the exact body and its problems with hints', async () => {
    const payload = { ...createSample('DELIVERY'), timestamp: '2026-11-02T10:30:15Z' };
    const body = `{ "eventId" : "${payload.eventId}",\n  ${JSON.stringify(payload).slice(1)}`;
    await stack.send(body);
    const row = await listed(payload.eventId);
    expect(row).toMatchObject({ valid: false, errors: 1, firstError: expect.stringContaining('time zone') });
    const detail = await getJson(stack.inspector, `/api/captures/${row.id}`);
    expect(detail.json.body).toBe(body);
    expect(detail.json.request.headers.authorization).toBe('Basic [redacted]');
    expect(detail.json.problems.errors).toEqual([expect.objectContaining({ path: '$.timestamp', hint: expect.stringContaining('without a zone') })]);
    expect((await getJson(stack.inspector, '/api/captures/999999')).status).toBe(404);
  });

  it("lists a repeated eventId as a duplicate that opens the stored capture, and shows the app's answer", async () => {
    const payload = createSample('INVOICE');
    await stack.send(JSON.stringify(payload));
    const repeat = await stack.send(JSON.stringify(payload));
    expect(repeat.json.duplicate).toBe(true);
    const first = await listed(payload.eventId);
    await stack.events.waitFor((e) => e.type === 'forwarded' && e.eventId === payload.eventId);
    const stream = eventStream(stack.inspector.url);
    let rows = (await getJson(stack.inspector, `/api/captures?q=${payload.eventId}`)).json.items;
    while (rows.length < 2) {
      const newest = (await getJson(stack.inspector, '/api/captures?limit=1')).json.newest;
      if (newest <= first.id) await stream.events.waitFor((e) => (e.event === 'captures' || e.event === 'hello') && e.data.newest > first.id);
      rows = (await getJson(stack.inspector, `/api/captures?q=${payload.eventId}`)).json.items;
    }
    stream.close();
    expect(rows.map((r: any) => [r.duplicate, r.original ?? null])).toEqual([
      [true, first.id],
      [false, null],
    ]);
    const duplicates = await getJson(stack.inspector, '/api/captures?duplicate=duplicate');
    expect(duplicates.json.items.map((r: any) => r.eventId)).toContain(payload.eventId);
    const detail = await getJson(stack.inspector, `/api/captures/${rows[0].id}`);
    expect(detail.json).toMatchObject({ duplicate: true, storedAs: first.id, body: JSON.stringify(payload) });
    expect(detail.json.forward).toMatchObject({ ok: true, status: 202, snippet: '{"app":"thanks"}' });
  });

  it('shows a deal as a timeline with its missing steps and lifecycle verdict', async () => {
    const order = createSample('ORDER');
    const delivery = createSample('DELIVERY', {
      overrides: { transactionId: order.transactionId, orderId: order.orderId, itscopeOrderId: order.itscopeOrderId },
    });
    await stack.send(JSON.stringify(order));
    await stack.send(JSON.stringify(delivery));
    await listed(delivery.eventId);
    const deal = await getJson(stack.inspector, `/api/deals/${order.transactionId}`);
    expect(deal.status).toBe(200);
    expect(deal.json.steps.map((s: any) => [s.eventType, s.events.length])).toEqual([
      ['ORDER', 1],
      ['ORDERRESPONSE', 0],
      ['DELIVERY', 1],
      ['INVOICE', 0],
    ]);
    expect(deal.json).toMatchObject({ complete: false, missing: ['ORDERRESPONSE', 'INVOICE'], orderId: order.orderId });
    expect(deal.json.warnings.map((w: any) => w.code)).toContain('incomplete');
    const deals = await getJson(stack.inspector, '/api/deals?incomplete=true');
    expect(deals.json.items.find((d: any) => d.transactionId === order.transactionId)).toMatchObject({ events: 2, typesSeen: ['ORDER', 'DELIVERY'] });
    expect((await getJson(stack.inspector, '/api/deals/no-such-deal')).status).toBe(404);
  });

  it('fetches the openTRANS document through the documents client and shows its summary', async () => {
    const delivery = createSample('DELIVERY');
    await stack.send(JSON.stringify(delivery));
    const row = await listed(delivery.eventId);
    const before = await getJson(stack.inspector, `/api/captures/${row.id}/document`);
    expect(before.json).toMatchObject({ available: true, saved: false, canFetch: true, docType: 'DISPATCHNOTIFICATION' });
    const fetched = await postJson(stack.inspector, `/api/captures/${row.id}/document`, {});
    expect(fetched.json).toMatchObject({ status: 'downloaded', saved: true, summary: { docType: 'DISPATCHNOTIFICATION' } });
    expect(fetched.json.summary.items.length).toBeGreaterThan(0);
    expect(fetched.json.summary.trackingNumbers.length).toBeGreaterThan(0);
    expect(stack.api.requests.at(-1)).toMatchObject({
      path: expect.stringContaining(`${delivery.transactionId}/DISPATCHNOTIFICATION.xml`),
      withAuthorization: true,
    });
    const xml = await fetch(new URL(`/api/captures/${row.id}/document.xml`, stack.inspector.url));
    expect(xml.headers.get('content-security-policy')).toContain('sandbox');
    expect(await xml.text()).toContain('<DISPATCHNOTIFICATION');
  });
});
