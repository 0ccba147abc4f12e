// The inspector page in real headless Chromium, served by the built `listen --ui` with
// Basic Auth, a --forward-to app and the mock ITscope API: live updates, filters and
// search in the address bar, the keyboard, problems with hints, replay (exact and
// edited), the deal timeline, the document summary, secrets, narrow and dark windows.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSample } from '../../src/core/samples.js';
import { type MockApi, startMockApi } from '../../src/mock-api/server.js';
import { launchChromium } from '../support/chromium.js';
import { recordingServer } from '../support/inspector-harness.js';
import { type ListenProcess, post, spawnListen } from '../support/listen-harness.js';
import { tempDir } from '../support/temp-dir.js';

const PASSWORD = 'browser-Pa55-secret';
const API_KEY = 'browser-api-Key-secret';
let browser: Browser;
let api: MockApi;
let app: Awaited<ReturnType<typeof recordingServer>>;
let listen: ListenProcess;
let webhook: string;
let ui: string;
let work: { dir: string; cleanup: () => Promise<void> };
let page: Page;
/** Every response body the page received (the event stream aside). */
const seen: string[] = [];

const send = (payload: object | string) => post(webhook, typeof payload === 'string' ? payload : JSON.stringify(payload), { auth: `hooks:${PASSWORD}` });

beforeAll(async () => {
  work = await tempDir('inspector-browser-');
  // rebind.test resolves to this machine, as a DNS-rebinding site would make its own name do.
  [browser, api, app] = await Promise.all([
    launchChromium(['--host-resolver-rules=MAP rebind.test 127.0.0.1']),
    startMockApi({ accountId: 'acct', apiKey: API_KEY }),
    recordingServer('{"app":"ok"}'),
  ]);
  listen = spawnListen(
    ['--captures', join(work.dir, 'captures'), '--ui', '--ui-port', '0', '--user', 'hooks', '--password', PASSWORD, '--forward-to', app.url],
    {
      cwd: work.dir,
      env: { ITSCOPE_API_BASE: api.url, ITSCOPE_ACCOUNT_ID: 'acct', ITSCOPE_API_KEY: API_KEY, HOME: work.dir, XDG_CONFIG_HOME: join(work.dir, 'xdg') },
    },
  );
  const ready = await listen.ready;
  webhook = ready.url;
  ui = (ready as unknown as { ui: string }).ui;
});

afterAll(async () => {
  listen.child.kill('SIGTERM');
  await listen.exited;
  await Promise.all([browser.close(), api.close(), app.close()]);
  await work.cleanup();
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('response', async (res) => {
    if ((res.headers()['content-type'] ?? '').startsWith('text/event-stream')) return;
    seen.push(await res.text().catch(() => ''));
  });
});
afterEach(() => page.close());

async function open(path = '/'): Promise<void> {
  await page.goto(new URL(path, ui).href);
  await page.getByRole('status').filter({ hasText: 'live' }).waitFor();
}

/** Resolves once the process has written `text` to stderr. */
function stderrShows(p: ListenProcess, text: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!p.stderr().includes(text)) return;
      p.child.stderr!.off('data', check);
      resolve();
    };
    p.child.stderr!.on('data', check);
    check();
  });
}

const row = (text: string) => page.locator('table.events tbody tr', { hasText: text });

describe('the inspector in Chromium', () => {
  it('shows a new webhook within a second, without a reload', async () => {
    await open();
    await page.evaluate('window.notReloaded = true');
    const payload = createSample('ORDER');
    expect((await send(payload)).status).toBe(200);
    await row(payload.orderId).waitFor({ timeout: 5000 });
    await expect(row(payload.orderId).locator('td').nth(1).textContent()).resolves.toBe('ORDER');
    expect(await page.evaluate('window.notReloaded')).toBe(true);
  });

  it('filters and searches, keeps both in the address bar, and the back button undoes them', async () => {
    const delivery = createSample('DELIVERY');
    const invoice = createSample('INVOICE');
    await send(delivery);
    await send(invoice);
    await open();
    await row(invoice.orderId).waitFor();
    await page.getByLabel('Event type').selectOption('DELIVERY');
    await page.waitForURL(/type=DELIVERY/);
    await row(invoice.orderId).waitFor({ state: 'detached' });
    const types = await page.locator('table.events tbody tr td.type').allTextContents();
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set(['DELIVERY']));
    await page.getByRole('searchbox').fill(delivery.documentId);
    await page.waitForURL(new RegExp(`q=${delivery.documentId}`));
    await expect(page.locator('table.events tbody tr').count()).resolves.toBe(1);
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('type='));
    await row(invoice.orderId).waitFor();
    await expect(page.getByLabel('Event type').inputValue()).resolves.toBe('');
    // A shared link opens the same view.
    await page.goto(new URL(`/?type=INVOICE&q=${invoice.orderId}`, ui).href);
    await row(invoice.orderId).waitFor();
    await expect(page.getByLabel('Event type').inputValue()).resolves.toBe('INVOICE');
    await expect(page.getByRole('searchbox').inputValue()).resolves.toBe(invoice.orderId);
  });

  it('moves with j/k, opens with Enter, searches with /, closes with Escape', async () => {
    const first = createSample('ORDERRESPONSE');
    const second = createSample('ORDERRESPONSE');
    await send(first);
    await send(second);
    await open('/?type=ORDERRESPONSE');
    await row(second.orderId).waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForURL(/id=\d+/);
    await page.locator('.detail-head', { hasText: 'ORDERRESPONSE' }).waitFor();
    await expect(page.locator('.facts').first().textContent()).resolves.toContain(first.eventId);
    await page.keyboard.press('k');
    await page.keyboard.press('Enter');
    await expect(page.locator('.facts').first().textContent()).resolves.toContain(second.eventId);
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => !url.search.includes('id='));
    await page.keyboard.press('/');
    await expect(page.evaluate("document.activeElement?.getAttribute('type')")).resolves.toBe('search');
  });

  it('shows each validation problem at its field with the fix hint', async () => {
    const payload = { ...createSample('DELIVERY'), timestamp: '2026-11-02T10:30:15+01:00' };
    await send(payload);
    await open(`/?q=${payload.eventId}`);
    await row(payload.orderId).click();
    const note = page.locator('.note.error');
    await note.waitFor();
    await expect(note.textContent()).resolves.toMatch(/\$\.timestamp.*time zone.*fix: use local time without a zone/s);
    const flagged = page.locator('.ln.flagged');
    await expect(flagged.getAttribute('data-path')).resolves.toBe('$.timestamp');
    await expect(flagged.textContent()).resolves.toContain('"2026-11-02T10:30:15+01:00"');
    await expect(page.locator('.verdict').textContent()).resolves.toContain('1 problem');
    await expect(page.locator('table.headers').textContent()).resolves.toContain('Basic [redacted]');
  });

  it('replays the exact bytes to a URL and shows the answer', async () => {
    const payload = createSample('INVOICE');
    const body = `{ "eventId":"${payload.eventId}",\n  ${JSON.stringify(payload)
      .slice(1)
      .replace(/"eventId":"[^"]*",/, '')}`;
    await send(body);
    await open(`/?q=${payload.eventId}`);
    await row(payload.orderId).click();
    await page.getByRole('textbox', { name: 'Replay URL' }).fill(app.url);
    await page.getByRole('button', { name: 'Replay exact bytes' }).click();
    await page.locator('.result', { hasText: '202' }).waitFor();
    const got = await app.received.waitFor((r) => r.body.toString().includes(payload.eventId) && !('x-forwarded-for' in r.headers));
    expect(got.body.equals(Buffer.from(body))).toBe(true);
  });

  it('edits and replays: not JSON cannot be sent, the edited JSON goes as typed', async () => {
    const payload = createSample('DELIVERY');
    await send(payload);
    await open(`/?q=${payload.eventId}`);
    await row(payload.orderId).click();
    await page.getByRole('textbox', { name: 'Replay URL' }).fill(app.url);
    await page.getByRole('button', { name: 'Edit and replay…' }).click();
    const editor = page.getByLabel('Edited body (sent as typed)');
    await editor.fill('{"eventId": ');
    await page.getByRole('button', { name: 'Not JSON: fix it to send' }).waitFor();
    expect(await page.getByRole('button', { name: 'Not JSON: fix it to send' }).isDisabled()).toBe(true);
    const edited = JSON.stringify({ ...payload, transactionStatus: 'PROCESSING' });
    await editor.fill(edited);
    await page.getByRole('button', { name: 'Send edited body' }).click();
    await page.locator('.result', { hasText: 'Edited body' }).waitFor();
    const got = await app.received.waitFor((r) => r.body.toString() === edited);
    expect(got.headers['content-type']).toBe('application/json');
  });

  it('shows the deal as a timeline with the missing steps', async () => {
    const order = createSample('ORDER');
    const invoice = createSample('INVOICE', {
      overrides: { transactionId: order.transactionId, orderId: order.orderId, itscopeOrderId: order.itscopeOrderId },
    });
    await send(order);
    await send(invoice);
    await open(`/?q=${order.transactionId}`);
    await row(order.orderId).first().waitFor();
    await expect(page.locator('table.events tbody tr').count()).resolves.toBe(2);
    await row(order.orderId).first().click();
    await page.getByRole('link', { name: order.transactionId }).click();
    await page.waitForURL(new RegExp(`deal=${order.transactionId}`));
    const steps = page.locator('.timeline .step');
    await steps.first().waitFor();
    expect(await steps.evaluateAll((els) => els.map((el) => `${el.querySelector('h3')?.textContent} ${el.className}`))).toEqual([
      'ORDER step done',
      'ORDERRESPONSE step missing',
      'DELIVERY step missing',
      'INVOICE step done',
    ]);
    await expect(page.locator('.verdict').textContent()).resolves.toContain('no valid ORDERRESPONSE, DELIVERY yet');
  });

  it('fetches the document with a button and shows its openTRANS summary', async () => {
    const delivery = createSample('DELIVERY');
    await send(delivery);
    await open(`/?q=${delivery.eventId}`);
    await row(delivery.orderId).click();
    await page.getByRole('button', { name: 'Fetch DISPATCHNOTIFICATION.xml' }).click();
    await page.getByRole('link', { name: 'Open DISPATCHNOTIFICATION.xml' }).waitFor();
    const summary = page.locator('.summary');
    await expect(summary.locator('caption', { hasText: 'Items' }).count()).resolves.toBe(1);
    await expect(summary.textContent()).resolves.toMatch(/Tracking numbers/);
    expect(api.requests.some((r) => r.path.endsWith(`${delivery.transactionId}/DISPATCHNOTIFICATION.xml`) && r.withAuthorization)).toBe(true);
  });

  it('fits a narrow window: the list, then the webhook over it', async () => {
    await page.setViewportSize({ width: 420, height: 800 });
    const payload = createSample('ORDER');
    await send(payload);
    await open(`/?q=${payload.eventId}`);
    await row(payload.orderId).click();
    await page.locator('.detail-head').waitFor();
    expect(await page.locator('section.list').isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Close the webhook (Escape)' }).click();
    await row(payload.orderId).waitFor();
    expect(await page.locator('section.panel').isVisible()).toBe(false);
  });

  it('follows the dark color scheme and names every control', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await open();
    expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(13, 17, 23)');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(255, 255, 255)');
    // Controls without an accessible name: no aria-label, no label with text, no text of their own.
    const unnamed = await page.evaluate(`[...document.querySelectorAll('button, input, select, textarea, a')]
      .filter((el) => !(el.getAttribute('aria-label') || (el.labels && [...el.labels].some((l) => l.textContent.trim())) || el.textContent.trim()))
      .map((el) => el.outerHTML.slice(0, 80))`);
    expect(unnamed).toEqual([]);
  });

  it('shows what a sender wrote as text, never as markup', async () => {
    const payload = { ...createSample('ORDER'), orderId: '<img src=x onerror="document.title=1">PO' };
    await send(payload);
    let dialogs = 0;
    page.on('dialog', () => dialogs++);
    await open(`/?q=${payload.eventId}`);
    await row('<img src=x').click();
    await page.locator('.detail-head').waitFor();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.title()).toBe('itscope-hooks inspector');
    expect(dialogs).toBe(0);
  });

  it('keeps other sites out: a rebound host name reads nothing, a cross-site replay sends nothing', async () => {
    const payload = createSample('DELIVERY');
    await send(payload);
    await open(`/?q=${payload.eventId}`);
    await row(payload.orderId).click();
    const id = new URL(page.url()).searchParams.get('id');
    const port = new URL(ui).port;
    const answer = await page.goto(`http://rebind.test:${port}/api/captures`);
    expect(answer?.status()).toBe(403);
    expect(await answer?.text()).not.toContain(payload.eventId);
    // An attacker's page on another origin tries to make the inspector replay. Its context may
    // reach local addresses (as browsers without Local Network Access checks let it), so the
    // inspector's own defences are what it meets.
    const before = app.received.items.length;
    const attacker = await recordingServer();
    const context = await browser.newContext({ permissions: ['local-network-access'] });
    const evil = await context.newPage();
    const html = `<script>fetch('${ui}api/captures/${id}/replay', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ target: 'url', url: '${app.url}' }) }).finally(() => { document.title = 'tried'; });</script>`;
    await evil.route(`${attacker.url}/evil`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
    await evil.goto(`${attacker.url}/evil`);
    await evil.waitForFunction('document.title === "tried"');
    await context.close();
    await attacker.close();
    expect(app.received.items.length).toBe(before);
    await stderrShows(listen, `inspector refused POST /api/captures/${id}/replay`);
  });

  it('never showed the Basic Auth password or the API key in anything the page loaded', () => {
    expect(seen.length).toBeGreaterThan(20);
    const all = seen.join('\n');
    for (const secret of [PASSWORD, API_KEY, Buffer.from(`hooks:${PASSWORD}`).toString('base64')]) expect(all).not.toContain(secret);
  });
});
