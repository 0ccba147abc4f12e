import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureStoreCheck, configFilesCheck, nodeCheck, portCheck } from '../../src/doctor/checks.js';
import { proxyCheck } from '../../src/doctor/network-checks.js';
import { tempDir } from '../support/temp-dir.js';

describe('nodeCheck', () => {
  it.each([
    ['20.19.0', true],
    ['20.19.5', true],
    ['v22.0.0', true],
    ['24.1.0', true],
    ['20.18.9', false],
    ['18.20.4', false],
    ['v20.0.0', false],
  ])('%s → %s', (version, ok) => {
    const check = nodeCheck(version);
    expect(check.ok).toBe(ok);
    expect(check.detail).toContain(`v${version.replace(/^v/, '')}`);
    if (ok) expect(check.fix).toBeUndefined();
    else expect(check.fix).toMatch(/install Node\.js 20\.19 or newer/);
  });
});

describe('local checks', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir('itscope-hooks-checks-'));
  });
  afterEach(async () => {
    await cleanup();
  });

  it('configFilesCheck: absent files pass, a broken one fails with its hint', async () => {
    const project = join(dir, 'p.json');
    const user = join(dir, 'u.json');
    expect(configFilesCheck({ project, user })).toEqual({ name: 'config', ok: true, detail: `project ${project} (not found); user ${user} (not found)` });
    await mkdir(user);
    const check = configFilesCheck({ project, user });
    expect(check.ok).toBe(false);
    expect(check.detail).toBe(`cannot read config file ${user} (EISDIR)`);
    expect(check.fix).toMatch(/permissions/);
  });

  it('portCheck: port 0 needs no probe', async () => {
    expect(await portCheck(0)).toEqual({ name: 'port', ok: true, detail: '0: listen picks a free port when it starts' });
  });

  it('captureStoreCheck: an unwritable parent fails; an empty folder passes', async () => {
    if (process.getuid?.() === 0) {
      // root may write anywhere: only the passing half is meaningful here.
      await mkdir(join(dir, 'caps'));
      expect((await captureStoreCheck(join(dir, 'caps'), async () => ({ torn: 0, count: 0 }))).detail).toBe(`${join(dir, 'caps')}: 0 captures`);
      return;
    }
    const locked = join(dir, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o500);
    const check = await captureStoreCheck(join(locked, 'a', 'b'), async () => ({ torn: 0, count: 0 }));
    expect(check).toMatchObject({ ok: false, detail: `${join(locked, 'a', 'b')} does not exist and ${locked} is not writable` });
    await chmod(locked, 0o700);
  });

  it('captureStoreCheck: a reader error becomes a failed check with its hint', async () => {
    await mkdir(join(dir, 'caps'));
    const failing = async () => {
      throw Object.assign(new Error('cannot read capture file x (EACCES)'), { hint: 'check its permissions' });
    };
    expect(await captureStoreCheck(join(dir, 'caps'), failing)).toEqual({
      name: 'captures',
      ok: false,
      detail: 'cannot read capture file x (EACCES)',
      fix: 'check its permissions',
    });
  });
});

describe('proxyCheck', () => {
  it('lower-case variables count too; nothing set means direct', () => {
    expect(proxyCheck({})).toEqual({ name: 'proxy', ok: true, detail: 'none set (direct connections)' });
    expect(proxyCheck({ https_proxy: 'http://proxy.example.com:3128', no_proxy: '.internal' }).detail).toBe(
      'https_proxy=http://proxy.example.com:3128, no_proxy=.internal (used for outgoing requests; never for localhost, 127.0.0.0/8 or ::1)',
    );
    expect(proxyCheck({ HTTPS_PROXY: 'socks5://p:1080' })).toMatchObject({ ok: false, detail: 'HTTPS_PROXY is not an http:// or https:// URL' });
  });
});
