import { describe, expect, it } from 'vitest';
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
