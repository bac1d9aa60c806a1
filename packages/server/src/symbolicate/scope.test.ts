import { describe, expect, it } from 'vitest';
import { enclosingFunction } from './scope.js';

const source = `import { db } from './db.js';

export function applyDiscount(cart, code) {
  if (!code) {
    throw new Error('no code');
  }
  return cart.items.map((item) => {
    return item.price.toFixed(2);
  });
}

const reserveStock = async (sku, n) => {
  const left = await db.count(sku);
  if (left < n) throw new OutOfStock(sku);
};

class Checkout {
  async submit(order) {
    for (const line of order.lines) {
      validate(line);
    }
  }
}
`.split('\n');

describe('enclosingFunction', () => {
  it('names the function around a line', () => {
    expect(enclosingFunction(source, 5)).toBe('applyDiscount'); // inside an if block
    expect(enclosingFunction(source, 8)).toBe('applyDiscount'); // inside an anonymous callback
    expect(enclosingFunction(source, 14)).toBe('reserveStock'); // arrow function assigned to a const
    expect(enclosingFunction(source, 20)).toBe('submit'); // class method, inside a loop
    expect(enclosingFunction(source, 1)).toBeNull(); // module scope
  });
});
