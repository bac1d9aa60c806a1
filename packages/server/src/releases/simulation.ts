// A simulated service for the deploy-health tests: requests per minute with noise, each request
// failing with a known bug's probability, events sent through the real ingest endpoint with the
// server's clock moved along (no sleeping).

export function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed / 0x7fffffff);
}

export function poisson(random: () => number, lambda: number): number {
  // Knuth for small rates, a normal approximation above
  if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(random)));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(2 * Math.PI * random());
}

export interface Bug {
  type: string;
  message: (n: number) => string;
  fn: string;
  /** probability that a request hits it */
  rate: number;
}

export const RECURRING: Bug[] = [
  {
    type: 'TypeError',
    message: (n) => `Cannot read properties of undefined (reading 'price') in cart ${n}`,
    fn: 'applyDiscount',
    rate: 0.004,
  },
  {
    type: 'TimeoutError',
    message: (n) => `Request to inventory timed out after ${n}ms`,
    fn: 'reserveStock',
    rate: 0.002,
  },
  {
    type: 'ValidationError',
    message: (n) => `Order ${n} has no shipping address`,
    fn: 'validateOrder',
    rate: 0.001,
  },
  { type: 'NotFoundError', message: (n) => `Unknown product ${n}`, fn: 'lookupPrice', rate: 0.0005 },
];

export function eventFor(bug: Bug, at: Date, release: string, random: () => number) {
  const n = Math.floor(random() * 100_000);
  return {
    timestamp: at.toISOString(),
    release,
    environment: 'production',
    exception: {
      values: [
        {
          type: bug.type,
          value: bug.message(n),
          stack: `${bug.type}: x\n    at ${bug.fn} (/srv/shop/src/${bug.fn}.js:10:5)`,
        },
      ],
    },
  };
}
