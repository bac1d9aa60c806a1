import { describe, expect, it } from 'vitest';
import { computeGrouping } from './fingerprint.js';
import { parseStack } from './stack.js';
import type { GroupingInput } from './types.js';

const fromStack = (type: string, value: string, stack: string, extra: Partial<GroupingInput> = {}) =>
  computeGrouping({
    exceptions: [{ type, value, frames: parseStack(stack), synthetic: false }],
    message: null,
    messageFormat: null,
    clientFingerprint: null,
    ...extra,
  });

// the same code in two releases: moved lines and columns, another build directory
const release1 = `TypeError: Cannot read properties of undefined (reading 'price')
    at applyDiscount (/home/ci/build-123/src/cart.js:14:22)
    at checkout (/home/ci/build-123/src/checkout.js:40:5)
    at handle (/home/ci/build-123/src/routes.js:9:3)`;
const release2 = `TypeError: Cannot read properties of undefined (reading 'price')
    at applyDiscount (/app/src/cart.js:31:9)
    at checkout (/app/src/checkout.js:52:11)
    at handle (/app/src/routes.js:12:3)`;

describe('computeGrouping', () => {
  it('groups the same error across releases with shifted lines and other paths', () => {
    const a = fromStack('TypeError', "Cannot read properties of undefined (reading 'price')", release1);
    const b = fromStack('TypeError', "Cannot read properties of undefined (reading 'price')", release2);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.culprit).toBe('src/cart.js in applyDiscount');
    expect(a.title).toBe("TypeError: Cannot read properties of undefined (reading 'price')");
  });

  it('groups the same template with different ids', () => {
    const stack = (id: number) =>
      `NotFoundError: Unknown product ${id}\n    at lookupPrice (/app/src/pricing.js:8:11)`;
    expect(fromStack('NotFoundError', 'Unknown product 1002', stack(1002)).fingerprint).toBe(
      fromStack('NotFoundError', 'Unknown product 7', stack(7)).fingerprint,
    );
  });

  it('separates two different messages thrown at one line', () => {
    const at = '\n    at validateOrder (/app/src/checkout.js:20:13)';
    const a = fromStack(
      'ValidationError',
      'Payment method for order 12 has expired',
      `ValidationError: x${at}`,
    );
    const b = fromStack('ValidationError', 'Order 12 exceeds the credit limit', `ValidationError: x${at}`);
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });

  it('groups the same error reached from two call paths', () => {
    const a = fromStack(
      'Error',
      'boom',
      'Error: boom\n    at fail (/app/src/a.js:3:9)\n    at fromCheckout (/app/src/checkout.js:1:1)',
    );
    const b = fromStack(
      'Error',
      'boom',
      'Error: boom\n    at fail (/app/src/a.js:3:9)\n    at fromAdmin (/app/src/admin.js:7:2)',
    );
    expect(a.fingerprint).toBe(b.fingerprint);
  });

  it('separates the same message thrown from two functions', () => {
    const a = fromStack('Error', 'boom', 'Error: boom\n    at saveUser (/app/src/users.js:3:9)');
    const b = fromStack('Error', 'boom', 'Error: boom\n    at saveOrder (/app/src/orders.js:3:9)');
    expect(a.fingerprint).not.toBe(b.fingerprint);
    // ...but both know what the error is without its place, for mapless minified events to join
    expect(a.fallback).toBe(b.fallback);
  });

  it('groups V8, Firefox and Safari stacks of one error', () => {
    const v8 = fromStack(
      'HttpError',
      'GET /api/cart failed with status 502',
      'HttpError: x\n    at getJson (https://shop.example.com/assets/api.js:10:11)\n    at load (https://shop.example.com/assets/main.js:3:1)',
    );
    const firefox = fromStack(
      'HttpError',
      'GET /api/cart failed with status 502',
      'getJson@https://shop.example.com/assets/api.js:10:11\nload@https://shop.example.com/assets/main.js:3:1',
    );
    const safari = fromStack(
      'HttpError',
      'GET /api/cart failed with status 502',
      'getJson@https://staging.example.com/assets/api.js?v=3:11:4\nload@https://staging.example.com/assets/main.js:3:1',
    );
    expect(firefox.fingerprint).toBe(v8.fingerprint);
    expect(safari.fingerprint).toBe(v8.fingerprint);
  });

  it('ignores content hashes of chunks and mangled names of minified code', () => {
    const a = fromStack(
      'RangeError',
      'Invalid array length',
      'RangeError: x\n    at yt (https://cdn.example.com/assets/app-IRK3GP7L.js:2:509)',
    );
    const b = fromStack(
      'RangeError',
      'Invalid array length',
      'RangeError: x\n    at Ke (https://cdn.example.com/assets/app-35NUCMJC.js:2:611)',
    );
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.grouping.exceptions?.[0]?.frame).toBe('~app.js');
  });

  it('names an anonymous closure after the function around it', () => {
    const g = fromStack(
      'TypeError',
      "Cannot read properties of undefined (reading 'toUpperCase')",
      'TypeError: x\n    at /w/1/src/ProductList.js:4:44\n    at Array.map (<anonymous>)\n    at renderProducts (/w/1/src/ProductList.js:4:19)',
    );
    expect(g.grouping.exceptions?.[0]?.frame).toBe('ProductList.js:renderProducts');
  });

  it('includes the whole exception chain', () => {
    const cause = {
      type: 'SmtpError',
      value: 'Mailbox a@b.co unavailable (550)',
      frames: parseStack('x\n    at sendMail (/app/mailer.js:1:1)'),
      synthetic: false,
    };
    const thrown = {
      type: 'RetryError',
      value: 'Giving up after 4 attempts',
      frames: parseStack('x\n    at withRetry (/app/retry.js:1:1)'),
      synthetic: false,
    };
    const base = { message: null, messageFormat: null, clientFingerprint: null };
    const chained = computeGrouping({ ...base, exceptions: [cause, thrown] });
    const alone = computeGrouping({ ...base, exceptions: [thrown] });
    expect(chained.fingerprint).not.toBe(alone.fingerprint);
    expect(chained.title).toBe('RetryError: Giving up after 4 attempts');
  });

  it('honours a client fingerprint, with and without {{ default }}', () => {
    const stack = 'Error: x\n    at f (/app/a.js:1:1)';
    const plain = fromStack('Error', 'x', stack);
    const custom = fromStack('Error', 'x', stack, { clientFingerprint: ['payments', 'gateway-down'] });
    const customOther = fromStack('Error', 'other', 'Error: y\n    at g (/app/b.js:1:1)', {
      clientFingerprint: ['payments', 'gateway-down'],
    });
    const salted = fromStack('Error', 'x', stack, { clientFingerprint: ['{{ default }}', 'tenant-a'] });
    expect(custom.fingerprint).toBe(customOther.fingerprint);
    expect(custom.grouping.method).toBe('fingerprint');
    expect(salted.fingerprint).not.toBe(plain.fingerprint);
    expect(salted.grouping.exceptions).toEqual(plain.grouping.exceptions);
  });

  it('groups messages by template', () => {
    const msg = (m: string) =>
      computeGrouping({ exceptions: [], message: m, messageFormat: null, clientFingerprint: null });
    expect(msg('User a@b.co hit the paywall').fingerprint).toBe(
      msg('User c@d.io hit the paywall').fingerprint,
    );
    expect(msg('User a@b.co hit the paywall').grouping).toMatchObject({
      method: 'message',
      message: 'User {email} hit the paywall',
    });
  });
});
