// Message templates: the variable parts of a message (ids, numbers, addresses, quoted values…) become
// placeholders, so "Unknown product 1002" and "Unknown product 7" are one issue while two different
// sentences thrown at the same line stay two.

// Engines quote identifiers in their own TypeErrors and ReferenceErrors ("reading 'items'", "'x' is
// not defined"): those name the bug and stay literal. Elsewhere (an app's messages, "Unexpected token
// 'G'") a quoted part is a value.
const ENGINE_ERRORS = new Set(['TypeError', 'ReferenceError']);

// [pattern, placeholder, a character the text must contain for the pattern to have a chance]
const RULES: Array<[RegExp, string, string]> = [
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>()]+/gi, '{url}', '://'],
  [/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, '{email}', '@'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '{uuid}', '-'],
  [/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g, '{date}', '-'],
  [/\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\b/g, '{time}', ':'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}\b/g, '{ip}', '.'],
  [/\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b/gi, '{ip}', ':'],
  [/\b0x[0-9a-f]+\b/gi, '{hex}', '0x'],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '{hex}', ''],
  [/(?<![\w/])(?:\/[\w.@~+-]+){2,}\/?/g, '{path}', '/'],
];
const QUOTED = /'([^'\n]{0,200})'|"([^"\n]{0,200})"|`([^`\n]{0,200})`/g;
// an id mixing letters and digits ("ord_9XkQ2", "INV-2026-0042" is handled by numbers)
const MIXED_ID = /\b(?=[A-Za-z_-]*\d)(?=[\d_-]*[A-Za-z])[A-Za-z0-9_-]{6,}\b/g;
const NUMBER = /[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi;

export function messageTemplate(message: string, type = ''): string {
  const keepIdentifiers = ENGINE_ERRORS.has(type);
  let out = message.length > 2000 ? message.slice(0, 2000) : message;
  out = out.replace(QUOTED, (whole, a?: string, b?: string, c?: string) => {
    const inner = a ?? b ?? c ?? '';
    if (keepIdentifiers && /^[A-Za-z_$][\w$]*$/.test(inner)) return whole;
    const quote = whole[0];
    return `${quote}{str}${quote}`;
  });
  // most messages have no digits, quotes or slashes: skip what cannot match (ingest hot path)
  if (!/\d/.test(out) && !out.includes('/') && !out.includes('@')) return out.replace(/\s+/g, ' ').trim();
  for (const [re, placeholder, needs] of RULES) if (out.includes(needs)) out = out.replace(re, placeholder);
  out = out.replace(MIXED_ID, '{id}');
  out = out.replace(NUMBER, '{int}');
  return out.replace(/\s+/g, ' ').trim();
}
