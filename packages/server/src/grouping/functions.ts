// Function names as the engines print them differ: V8 "async Object.reserveStock", "Object.wt [as
// reserveStock]", "new Foo"; Firefox "fe/<", "Foo.prototype.bar"; Safari "bar@". Reduce each to the
// name a human would search the code for.

export function cleanFunctionName(raw: string | null | undefined): { name: string | null; alias: boolean } {
  if (!raw) return { name: null, alias: false };
  let name = raw.trim();
  const alias = /\[as ([^\]]+)\]\s*$/.exec(name);
  if (alias?.[1]) return { name: lastSegment(alias[1]), alias: true };
  name = name.replace(/^(?:async|new)\s+/, '').replace(/\*$/, '');
  // Firefox marks anonymous closures "outer/<" and nested functions "outer/inner"
  if (name.includes('/')) name = name.slice(name.lastIndexOf('/') + 1).replace(/<+$/, '');
  // Sentry's stack parser writes "?" for an unknown function
  if (
    !name ||
    name === '?' ||
    name === '<anonymous>' ||
    name === 'Object.<anonymous>' ||
    name === 'global code'
  ) {
    return { name: null, alias: false };
  }
  return { name: lastSegment(name), alias: false };
}

function lastSegment(name: string): string | null {
  const segment =
    name
      .replace(/\.prototype\./g, '.')
      .split('.')
      .pop() ?? '';
  return segment && segment !== '<anonymous>' ? segment : null;
}
