// The key a source map is stored and found under: the minified file's URL without origin, query or
// fragment, written "~/path" (Sentry's convention: any host). Node file paths become "~/abs/path".
export function urlKey(fileOrUrl: string): string {
  let path = fileOrUrl.trim();
  if (path.startsWith('~/')) path = path.slice(1);
  else path = path.replace(/^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/]*/i, '').replace(/^file:\/\//i, '');
  path = path.replace(/[?#].*$/, '').replace(/\\/g, '/');
  return `~/${path.replace(/^\/+/, '')}`;
}

export function baseName(fileOrUrl: string): string {
  return urlKey(fileOrUrl).split('/').pop() ?? '';
}

/** An original source path as a readable, build-independent path: "src/cart.js". */
export function originalPath(source: string): string {
  return source
    .replace(/^webpack:\/\/[^/]*\//, '')
    .replace(/^(?:[a-z]+:)?\/\/[^/]*\//i, '')
    .replace(/^(?:\.\.?\/)+/, '')
    .replace(/^\/+/, '');
}
