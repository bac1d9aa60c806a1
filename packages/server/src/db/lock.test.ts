import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './lock.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'faultline-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('data dir lock', () => {
  it('refuses a second holder while the first is alive, with a clear message', () => {
    const dir = tempDir();
    // a live process (this test runner's parent) holds it
    writeFileSync(join(dir, 'faultline.lock'), String(process.ppid));
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir)).toThrow(
      /Another Faultline server \(pid \d+\) is using the data directory/,
    );
  });

  it('takes over a stale lock and releases it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'faultline.lock'), '999999999');
    const release = acquireDataDirLock(dir);
    release();
    acquireDataDirLock(dir)();
  });
});
