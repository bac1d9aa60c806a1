// The name of the function around a line of original source, found by walking up from the line to the
// nearest declaration whose body is still open there. A source map's `names` entry at the throw
// position names what is called there (often "Error"), not the function that threw.

const DECLARATION = [
  /\bfunction\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(/, // function name(
  /\b([A-Za-z_$][\w$]*)\s*[:=]\s*(?:async\s+)?function\b/, // name = function / name: function
  /\b([A-Za-z_$][\w$]*)\s*[:=]\s*(?:async\s+)?(?:\([^)]*\)|[A-Za-z_$][\w$]*)\s*=>/, // name = (…) =>
  /^\s*(?:static\s+)?(?:async\s+)?\*?\s*([A-Za-z_$][\w$]*)\s*\([^)]*\)\s*\{/, // method(…) {
];
const KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'function', 'with']);

export function enclosingFunction(lines: string[], line: number): string | null {
  let depth = 0;
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const text = lines[i] ?? '';
    // braces on the line itself, read right to left, up to the throw position on the first line
    for (let c = text.length - 1; c >= 0; c--) {
      if (text[c] === '}') depth++;
      else if (text[c] === '{') depth--;
    }
    if (depth < 0 || i === line - 1) {
      for (const re of DECLARATION) {
        const name = re.exec(text)?.[1];
        if (name && !KEYWORDS.has(name)) return name;
      }
      if (depth < 0) depth = 0; // a block that is not a function (if, for, object): keep walking up
    }
  }
  return null;
}
