// Symbolication cost per event with a warm cache: a generated app bundled by esbuild into a ~1 MB
// source map, events whose 10 frames point all over the bundle, mapped with the server's own code.
import { build } from 'esbuild';
import { createConsumerCache } from '../../packages/server/src/symbolicate/cache.js';
import { symbolicateEvent } from '../../packages/server/src/symbolicate/symbolicate.js';
import { validateEvent } from '../../packages/server/src/ingest/validate.js';

const FUNCTIONS = 3000;
const source = Array.from(
  { length: FUNCTIONS },
  (_, i) =>
    `export function handler${i}(input) {\n  const value = input.items[${i % 7}].price * ${i};\n  if (value > ${i * 3}) {\n    throw new Error('handler ${i} failed for ' + input.id);\n  }\n  return { value, label: 'handler-${i}' };\n}\n`,
).join('\n');
const result = await build({
  stdin: { contents: source, loader: 'js', sourcefile: 'src/handlers.js' },
  bundle: true,
  minify: true,
  sourcemap: 'external',
  sourcesContent: true,
  format: 'esm',
  outfile: 'out.js',
  write: false,
  logLevel: 'silent',
});
const map = result.outputFiles.find((f) => f.path.endsWith('.map'))!.text;
const code = result.outputFiles.find((f) => f.path.endsWith('.js'))!.text;
const lines = code.split('\n');

// frames at real positions of the minified code: where each "throw" is
const throws: Array<[number, number]> = [];
lines.forEach((l, i) => {
  for (let c = l.indexOf('throw'); c >= 0 && throws.length < 5000; c = l.indexOf('throw', c + 1))
    throws.push([i + 1, c + 1]);
});

const cache = createConsumerCache(256 * 1024 * 1024);
const symbolicator = { mapFor: () => cache.get(1, async () => map) };
const makeEvent = (n: number) =>
  validateEvent(
    {
      release: '1.0.0',
      exception: {
        values: [
          {
            type: 'Error',
            value: 'x',
            stack: [
              'Error: x',
              ...Array.from({ length: 10 }, (_, k) => {
                const [line, col] = throws[(n * 10 + k) % throws.length]!;
                return `    at h (https://cdn.example.com/assets/app-3F2A.js:${line}:${col})`;
              }),
            ].join('\n'),
          },
        ],
      },
    },
    new Date(),
  );

const coldStart = performance.now();
await symbolicateEvent(1, makeEvent(0), symbolicator, new Map());
const coldMs = performance.now() - coldStart;
const N = 5000;
const events = Array.from({ length: N }, (_, i) => makeEvent(i + 1));
const t = performance.now();
for (const e of events) await symbolicateEvent(1, e, symbolicator, new Map());
const ms = performance.now() - t;
const sample = events[0]!.exception!.values[0]!.stacktrace.frames.at(-1)!;
console.log(
  `symbolication: ${(map.length / 1024 / 1024).toFixed(2)} MB map (${FUNCTIONS} functions), 10 frames per event`,
);
console.log(`  first event (parses the map): ${coldMs.toFixed(0)} ms`);
console.log(
  `  warm cache: ${((ms * 1000) / N).toFixed(1)} µs per event = ${Math.round((N / ms) * 1000)} events/s`,
);
console.log(
  `  e.g. ${sample.minified?.function ?? '?'} at app-3F2A.js:${sample.minified?.lineno}:${sample.minified?.colno} → ${sample.function} at ${sample.filename}:${sample.lineno}`,
);
