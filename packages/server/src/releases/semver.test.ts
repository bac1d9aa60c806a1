import { describe, expect, it } from 'vitest';
import { releaseKey, sortReleases } from './semver.js';

describe('release ordering', () => {
  it('sorts semver keys like versions, pre-releases first', () => {
    const versions = ['1.10.0', '1.2.0', '1.2.0-rc.2', '1.2.0-rc.10', 'v1.9.3', '2.0.0'];
    const sorted = [...versions].sort((a, b) => (releaseKey(a)! < releaseKey(b)! ? -1 : 1));
    expect(sorted).toEqual(['1.2.0-rc.2', '1.2.0-rc.10', '1.2.0', 'v1.9.3', '1.10.0', '2.0.0']);
    expect(releaseKey('shop@2.3.0')! < releaseKey('shop@2.10.0')!).toBe(true);
    expect(releaseKey('abc123')).toBeNull();
    expect(releaseKey('2026.11.1')).not.toBeNull();
  });

  it('orders by semver when all parse, else by first seen', () => {
    const d = (n: number) => new Date(2026, 0, n);
    expect(
      sortReleases([
        { version: '1.10.0', firstSeen: d(1) },
        { version: '1.9.0', firstSeen: d(2) },
      ]).map((r) => r.version),
    ).toEqual(['1.10.0', '1.9.0']);
    expect(
      sortReleases([
        { version: 'abc', firstSeen: d(1) },
        { version: '1.9.0', firstSeen: d(2) },
      ]).map((r) => r.version),
    ).toEqual(['1.9.0', 'abc']);
  });
});
