import { describe, expect, it } from 'vitest';
import { exceptionValues } from './exceptions.js';

const m = { type: 'generic', handled: true };

describe('exceptionValues', () => {
  it('reads Error subclasses with their stack', () => {
    class PaymentError extends Error {
      override name = 'PaymentError';
    }
    const [v] = exceptionValues(new PaymentError('card declined'), m);
    expect(v).toMatchObject({ type: 'PaymentError', value: 'card declined', mechanism: m });
    expect(v!.stack).toContain('PaymentError: card declined');
  });

  it('sends a cause chain oldest first, the thrown error last', () => {
    const root = new TypeError('socket closed');
    const mid = new Error('query failed', { cause: root });
    const top = new Error('checkout failed', { cause: mid });
    expect(exceptionValues(top, m).map((v) => v.value)).toEqual([
      'socket closed',
      'query failed',
      'checkout failed',
    ]);
  });

  it('includes the errors of an AggregateError', () => {
    const agg = new AggregateError([new Error('a'), new RangeError('b')], 'all failed');
    const values = exceptionValues(agg, m);
    expect(values.map((v) => `${v.type}: ${v.value}`)).toEqual([
      'Error: a',
      'RangeError: b',
      'AggregateError: all failed',
    ]);
  });

  it('handles strings, plain objects, null and undefined as synthetic', () => {
    expect(exceptionValues('Lock is not held', m)[0]).toEqual({
      type: 'Error',
      value: 'Lock is not held',
      mechanism: { ...m, synthetic: true },
    });
    expect(exceptionValues({ code: 42 }, m)[0]!.value).toBe('Non-Error thrown: {"code":42}');
    expect(exceptionValues(null, m)[0]!.value).toBe('null');
    expect(exceptionValues(undefined, m)[0]!.value).toBe('undefined');
  });

  it('survives cycles and hostile objects', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(exceptionValues(b, m).length).toBe(2);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(exceptionValues(cyclic, m)[0]!.value).toBe('Non-Error thrown: self');
  });
});
