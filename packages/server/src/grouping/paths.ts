// Path normalization for grouping: everything that changes between two builds of the same code
// (origins, query strings, build directories, content hashes, version segments) is removed, so the
// same throw site yields the same key in every release.

const SCHEME_PREFIX = /^(?:webpack(?:-internal)?:\/\/[^/]*|app:\/\/[^/]*|file:\/\/|https?:\/\/[^/]+)/i;
const NOT_IN_APP = [
  /(^|[\\/])node_modules[\\/]/,
  /^node:/,
  /^internal[\\/]/,
  /^(?:chrome|moz|safari(?:-web)?)-extension:/,
  /^webpack\/bootstrap/,
  /^\[native code\]$/,
  /(^|[\\/._-])vendors?([\\/._~-]|$)/i,
];

/** The path part of a frame's file: no origin, scheme, query string or fragment; forward slashes. */
export function stripLocation(file: string): string {
  let path = file.replace(/\\/g, '/');
  path = path.replace(SCHEME_PREFIX, '');
  path = path.replace(/[?#].*$/, '');
  return path;
}

export function isInApp(file: string): boolean {
  const path = file.replace(/\\/g, '/');
  if (path === '<anonymous>' || path === 'native' || path.startsWith('eval')) return false;
  return !NOT_IN_APP.some((re) => re.test(path));
}

/** A content hash inside a file name: esbuild (IRK3GP7L), vite/rollup (BxkZ3a9Q), webpack (8f3a2c1b). */
function isHashToken(token: string): boolean {
  if (token.length >= 6 && /^[0-9a-f]+$/.test(token) && /\d/.test(token)) return true;
  if (token.length < 8 || !/^[A-Za-z0-9_]+$/.test(token)) return false;
  if (/\d/.test(token)) return true;
  if (/^[A-Z]+$/.test(token)) return token.length === 8;
  return token.length === 8 && /[a-z]/.test(token) && /[A-Z]/.test(token);
}

export interface FileKey {
  /** stable across builds: e.g. "app.js", "components/index.js" */
  key: string;
  /** the file came out of a minifier: its function names are not stable across builds */
  minified: boolean;
}

/** The build-independent identity of a source file: its base name without hashes or versions. */
export function fileKey(file: string, colno: number | null): FileKey {
  const segments = stripLocation(file).split('/').filter(Boolean);
  const base = segments.pop() ?? '';
  const ext = /(\.[a-z]+)?$/i.exec(base)?.[0] ?? '';
  const tokens = base.slice(0, base.length - ext.length).split(/([.~-])/);
  let hashed = false;
  const kept: string[] = [];
  for (let i = 0; i < tokens.length; i += 2) {
    const token = tokens[i] ?? '';
    // the first token is the chunk's own name; later ones may be hashes, versions or "min"
    if (i > 0 && (isHashToken(token) || /^v?\d+$/.test(token))) {
      hashed = true;
      continue;
    }
    if (i > 0 && (token === 'min' || token === 'chunk' || token === 'bundle')) {
      hashed ||= token === 'min';
      continue;
    }
    if (kept.length) kept.push(tokens[i - 1] ?? '');
    kept.push(token);
  }
  let name = kept.join('').replace(/@\d+(\.\d+)*/, '') + ext;
  // "index.js" says little on its own: its folder is the module's real name
  if (/^index\./.test(name) && segments.length) name = `${segments[segments.length - 1]}/${name}`;
  return { key: name, minified: hashed || (colno !== null && colno > 300) };
}

const SOURCE_ROOTS = ['src', 'app', 'lib', 'source', 'server', 'client', 'pages'];

/** A short, readable path for titles and culprits ("src/cart.ts", "node_modules/pg/lib/client.js"). */
export function displayPath(file: string): string {
  const path = stripLocation(file);
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) return path.slice(nm + 1);
  if (/^node:/.test(path)) return path;
  const segments = path.split('/').filter(Boolean);
  for (let i = segments.length - 2; i >= 0; i--) {
    if (SOURCE_ROOTS.includes(segments[i]!)) return segments.slice(i).join('/');
  }
  return segments.slice(-2).join('/');
}
