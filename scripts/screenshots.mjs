// Takes the README's screenshots of the inspector (docs/img/*.png) in headless Chromium
// (CHROMIUM_PATH, else `chromium` on PATH): the built CLI runs `mock-api` and
// `listen --ui --forward-to` on free ports in a temporary folder, `send` posts a few deals
// and one invalid webhook, and the page is captured at 1280×800. Needs `npm run build`.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { findChromium, launchChromium, NO_CHROMIUM } from './chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/itscope-hooks.js');
const out = join(root, 'docs/img');
const work = mkdtempSync(join(tmpdir(), 'itscope-hooks-screens-'));
const children = [];

function start(args, env = {}) {
  const child = spawn(process.execPath, [bin, ...args, '--json'], {
    cwd: work,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const value = JSON.parse(line);
      if (value.type === 'ready') resolve(value);
    });
    child.on('exit', (code) => reject(new Error(`${args[0]} exited ${code}: ${stderr}`)));
  });
}

function send(url, args) {
  execFileSync(process.execPath, [bin, 'send', '--url', url, ...args], { cwd: work, stdio: 'ignore' });
}

// The developer's own app behind --forward-to.
const app = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"stored":true}'));
});
await new Promise((resolve) => app.listen(0, '127.0.0.1', resolve));

try {
  const api = await start(['mock-api', '--port', '0', '--account-id', 'demo', '--api-key', 'demo-key']);
  const listen = await start(
    [
      'listen',
      '--port',
      '0',
      '--ui',
      '--ui-port',
      '0',
      '--captures',
      join(work, 'captures'),
      '--forward-to',
      `http://127.0.0.1:${app.address().port}/webhooks/itscope`,
    ],
    {
      ITSCOPE_API_BASE: api.url,
      ITSCOPE_ACCOUNT_ID: 'demo',
      ITSCOPE_API_KEY: 'demo-key',
    },
  );
  // UUIDv7 transactionIds of today, as send makes them: every other id (orderId, documents)
  // follows from the transactionId, so the documents mock-api serves agree with the webhooks.
  const v7 = (n) => {
    const ms = (Date.now() + n).toString(16).padStart(12, '0');
    return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7c3d-9e4f-1a2b3c4d5e6${n}`;
  };
  const deals = [
    [v7(1), 'all'],
    [v7(2), 'ORDER,ORDERRESPONSE,DELIVERY'],
    [v7(3), 'ORDER,DELIVERY'],
  ];
  for (const [transactionId, types] of deals) send(listen.url, ['--type', types, '--transaction-id', transactionId]);
  send(listen.url, ['--file', join(root, 'fixtures/payloads/invalid/timestamp-with-zone.json')]);

  const executablePath = findChromium();
  if (!executablePath) {
    console.error(NO_CHROMIUM);
    process.exit(2);
  }
  const browser = await launchChromium(executablePath);
  mkdirSync(out, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', deviceScaleFactor: 1 });
  await page.goto(listen.ui);
  await page.locator('table.events tbody tr').nth(8).waitFor();

  // 1. The list with an invalid webhook open: its problem and fix hint at the field.
  await page.locator('table.events tbody tr').first().click();
  await page.locator('.note.error').waitFor();
  await page.screenshot({ path: join(out, 'inspector.png') });

  // 2. A deal with a missing step, then a delivery's document summary.
  await page.goto(`${listen.ui}?tab=deals&deal=${deals[2][0]}`);
  await page.locator('.timeline .step').first().waitFor();
  await page.screenshot({ path: join(out, 'inspector-deal.png') });

  await page.goto(`${listen.ui}?type=DELIVERY&q=${deals[0][0]}`);
  await page.locator('table.events tbody tr').first().click();
  await page.getByRole('button', { name: /^Fetch / }).click();
  await page.locator('.summary').waitFor();
  await page.locator('section.document').evaluate((el) => {
    el.scrollIntoView({ block: 'start' });
    el.closest('.panel').scrollTop -= 12;
  });
  await page.screenshot({ path: join(out, 'inspector-document.png') });

  // 3. Dark, as the system setting asks.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`${listen.ui}?id=1`);
  await page.locator('.detail-head').waitFor();
  await page.screenshot({ path: join(out, 'inspector-dark.png') });
  await browser.close();
  console.log(`screenshots written to ${out}`);
} finally {
  for (const child of children) child.kill('SIGTERM');
  app.close();
  rmSync(work, { recursive: true, force: true });
}
