// Should ingest validate events with valibot, like the token/session API does? The ingest validator
// checks and normalizes in one walk (stack parsing, in-app marking, bag sanitizing, caps). valibot
// would only replace the checks: the normalizing walk stays. So what valibot costs here is what
// it would add per event. Measured on the 766 real events of the grouping fixture.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { validateEvent } from '../../packages/server/src/ingest/validate.js';

const fixture = fileURLToPath(new URL('../../../shared/fixtures/grouping-dev/events.jsonl', import.meta.url));
const events = readFileSync(fixture, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Record<string, unknown>);

const str = (max: number) => v.optional(v.nullable(v.pipe(v.string(), v.maxLength(max))));
const bag = v.optional(v.nullable(v.record(v.string(), v.unknown())));
const frame = v.object({
  filename: str(1024),
  abs_path: str(1024),
  function: str(512),
  module: str(512),
  lineno: v.optional(v.nullable(v.pipe(v.number(), v.integer()))),
  colno: v.optional(v.nullable(v.pipe(v.number(), v.integer()))),
  in_app: v.optional(v.nullable(v.boolean())),
  context_line: str(2048),
  pre_context: v.optional(v.array(v.string())),
  post_context: v.optional(v.array(v.string())),
});
const exception = v.object({
  type: str(256),
  value: str(8192),
  stack: str(65_536),
  stacktrace: v.optional(v.nullable(v.object({ frames: v.pipe(v.array(frame), v.maxLength(250)) }))),
  mechanism: bag,
});
const EventSchema = v.object({
  event_id: v.optional(v.nullable(v.pipe(v.string(), v.regex(/^[0-9a-f-]{32,36}$/i)))),
  timestamp: v.optional(v.nullable(v.union([v.number(), v.pipe(v.string(), v.maxLength(64))]))),
  level: v.optional(
    v.nullable(v.picklist(['fatal', 'error', 'warning', 'info', 'debug', 'warn', 'critical', 'log'])),
  ),
  platform: str(64),
  release: str(250),
  environment: str(64),
  server_name: str(256),
  logger: str(128),
  transaction: str(512),
  message: v.optional(v.nullable(v.union([v.pipe(v.string(), v.maxLength(8192)), bag]))),
  logentry: bag,
  exception: v.optional(v.nullable(v.object({ values: v.pipe(v.array(exception), v.maxLength(10)) }))),
  fingerprint: v.optional(v.nullable(v.pipe(v.array(v.pipe(v.string(), v.maxLength(512))), v.maxLength(20)))),
  tags: v.optional(v.nullable(v.record(v.string(), v.union([v.string(), v.number(), v.boolean()])))),
  user: bag,
  contexts: bag,
  extra: bag,
  request: bag,
  breadcrumbs: v.optional(v.nullable(v.union([v.array(bag), v.object({ values: v.array(bag) })]))),
  sdk: bag,
  debug_meta: bag,
});

function measure(name: string, fn: (e: Record<string, unknown>) => unknown): number {
  const rounds = 40;
  for (let r = 0; r < 5; r++) for (const e of events) fn(e); // warm up the JIT
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const e of events) fn(e);
  const us = Number(process.hrtime.bigint() - start) / 1000 / (rounds * events.length);
  console.log(`${name.padEnd(52)} ${us.toFixed(2).padStart(7)} µs/event`);
  return us;
}

const now = new Date();
for (const e of events) {
  const r = v.safeParse(EventSchema, e);
  if (!r.success)
    throw new Error(
      `the valibot schema refuses a fixture event: ${v.getDotPath(r.issues[0]!)}: ${r.issues[0]!.message}`,
    );
}
console.log(`${events.length} real events (grouping fixture), ${process.version}`);
const hand = measure('ingest validator (checks + parse + sanitize)', (e) => validateEvent(e, now));
const vb = measure('valibot schema (checks only)', (e) => v.safeParse(EventSchema, e));
console.log(
  `valibot would add ${vb.toFixed(2)} µs per event (+${Math.round((vb / hand) * 100)} % of today's validation), ` +
    'for checks the one-walk validator already makes: ingest keeps its own',
);
