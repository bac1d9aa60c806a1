import { readFileSync } from 'node:fs';
import { parse } from 'stacktrace-parser';
import { describe, expect, it } from 'vitest';
import { isInApp } from './paths.js';
import { parseStack } from './stack.js';

describe('parseStack', () => {
  it('parses V8 (Node) stacks, oldest frame first, skipping the header', () => {
    const frames = parseStack(
      [
        'Error: connect to db:5432 failed',
        '    at Object.openSync (node:fs:573:18)',
        '    at async Object.wt [as reserveStock] (/srv/app/dist/app-IRK3GP7L.js:2:392)',
        '    at checkAvailability (/home/ci/build-7/src/inventory.js:15:11)',
        '    at new Promise (<anonymous>)',
      ].join('\n'),
    );
    expect(frames.map((f) => [f.function, f.filename, f.lineno, f.in_app])).toEqual([
      ['new Promise', null, null, false],
      ['checkAvailability', '/home/ci/build-7/src/inventory.js', 15, true],
      ['async Object.wt [as reserveStock]', '/srv/app/dist/app-IRK3GP7L.js', 2, true],
      ['Object.openSync', 'node:fs', 573, false],
    ]);
  });

  it('parses Firefox stacks', () => {
    const frames = parseStack(
      'renderProducts/<@https://cdn.example.com/assets/app-35NUCMJC.js:1:1381\nrenderProducts@https://cdn.example.com/assets/app-35NUCMJC.js:1:1360\n',
    );
    expect(frames).toHaveLength(2);
    expect(frames[1]).toMatchObject({ function: 'renderProducts/<', lineno: 1, colno: 1381, in_app: true });
  });

  it('parses Safari stacks', () => {
    const frames = parseStack(
      'getJson@https://www.example.com/static/api.js:12:20\nglobal code@https://www.example.com/static/main.js:3:1',
    );
    expect(frames.map((f) => [f.function, f.filename, f.lineno])).toEqual([
      ['global code', 'https://www.example.com/static/main.js', 3],
      ['getJson', 'https://www.example.com/static/api.js', 12],
    ]);
  });

  it('marks node_modules and node internals as not in-app', () => {
    const frames = parseStack(
      'Error: x\n    at query (/app/node_modules/pg/lib/client.js:5:1)\n    at run (node:internal/process/task_queues:95:5)',
    );
    expect(frames.every((f) => !f.in_app)).toBe(true);
  });
});

describe('parseStack against stacktrace-parser', () => {
  // stacktrace-parser is what design.md names; parseStack replaces it only because its regexes
  // backtrack. On real stacks the two must agree exactly.
  const old = (stack: string) => {
    const lines = stack.split('\n');
    const v8 = lines.some((l) => /^\s*at\s/.test(l));
    return parse((v8 ? lines.filter((l) => /^\s*at\s/.test(l)) : lines).join('\n'))
      .map((p) => {
        const file = p.file && p.file !== '<anonymous>' ? p.file : null;
        return {
          filename: file,
          abs_path: file,
          function: p.methodName && p.methodName !== '<unknown>' ? p.methodName : null,
          lineno: p.lineNumber ?? null,
          colno: p.column ?? null,
          in_app: file !== null && isInApp(file),
        };
      })
      .reverse();
  };

  it('gives the same frames on every stack of the grouping fixture and on engine oddities', () => {
    const stacks: string[] = [];
    for (const line of readFileSync(new URL('./fixtures/grouping-dev.jsonl', import.meta.url), 'utf8').split(
      '\n',
    )) {
      if (!line) continue;
      const event = JSON.parse(line) as { exception?: { values: Array<{ stack?: string }> } };
      for (const v of event.exception?.values ?? []) if (v.stack) stacks.push(v.stack);
    }
    stacks.push(
      [
        'Error: x',
        '    at eval (eval at <anonymous> (/app/x.js:1:2), <anonymous>:1:1)',
        '    at Array.forEach (<anonymous>)',
        '    at async Promise.all (index 0)',
        '    at fn (native)',
        '    at /app/y.js:3:4',
        '    at fn (C:\\app\\z.js:1:1)',
        '    at new Foo (file:///a/b.js:1:2)',
      ].join('\n'),
      'foo@http://x/a.js line 2 > eval:1:3\nforEach@[native code]\nglobal code@https://a/b.js:1:2\nhttps://a/c.js:3:4\nasync*foo@https://a/c.js:3:4\nfoo(a,b)@https://a/d.js:5:6',
    );
    expect(stacks.length).toBeGreaterThan(700);
    for (const stack of stacks) expect(parseStack(stack), stack).toEqual(old(stack));
  });

  it('is linear on input that makes backtracking regexes quadratic or worse', () => {
    const hostile = [
      `Error\n    at f ${'('.repeat(65_000)}`,
      `    at f (${'a'.repeat(65_000)}:1:2)`,
      `a@http:${' '.repeat(65_000)}x`,
      `    at f (eval ${'('.repeat(1000)}${')'.repeat(1000)})\n`.repeat(32),
      `Error\n${'    at f (/app/a.js:1:2)\n'.repeat(10_000)}`,
    ];
    for (const stack of hostile) parseStack(stack); // warm
    const before = process.cpuUsage();
    for (const stack of hostile) parseStack(stack);
    const used = process.cpuUsage(before);
    expect((used.user + used.system) / 1000).toBeLessThan(50);
    expect(parseStack(hostile[4]!)).toHaveLength(300);
  });
});
