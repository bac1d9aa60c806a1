// Release ordering. A version like "1.4.2", "v2.0.0-rc.1" or "shop@2.3.0" (a package prefix, as Sentry
// SDKs name releases) parses as semver; its key is a string that sorts like the versions do, so the
// database can compare releases with < and >. Anything else has no key and is ordered by first seen.

const SEMVER = /^(?:[\w.-]+@)?v?(\d{1,9})\.(\d{1,9})\.(\d{1,9})(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function releaseKey(version: string | null | undefined): string | null {
  if (!version) return null;
  const m = SEMVER.exec(version.trim());
  if (!m) return null;
  const prefix = /^([\w.-]+)@/.exec(version)?.[1] ?? '';
  const core = [m[1], m[2], m[3]].map((n) => n!.padStart(9, '0')).join('.');
  // a pre-release sorts before its release: "-" < "~"
  const pre = m[4]
    ? `-${m[4]
        .split('.')
        .map((p) => (/^\d+$/.test(p) ? p.padStart(9, '0') : p))
        .join('.')}`
    : '~';
  return `${prefix}@${core}${pre}`;
}

/** Newest first: by semver when every version parses, else by first seen. */
export function sortReleases<T extends { version: string; firstSeen: Date }>(list: T[]): T[] {
  const keys = new Map(list.map((r) => [r, releaseKey(r.version)]));
  const allSemver = list.every((r) => keys.get(r) !== null);
  return [...list].sort((a, b) =>
    allSemver
      ? keys.get(a)! < keys.get(b)!
        ? 1
        : keys.get(a)! > keys.get(b)!
          ? -1
          : 0
      : b.firstSeen.getTime() - a.firstSeen.getTime(),
  );
}
