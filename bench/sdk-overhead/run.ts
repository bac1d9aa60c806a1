// SDK overhead: CPU per captureException (building and serializing the event; the "network" is a
// request that succeeds at once), @faultline/sdk next to @sentry/node with its defaults, each in a
// fresh process so neither SDK's instrumentation touches the other.
import { execFileSync } from 'node:child_process';

const results = ['faultline', 'sentry'].map((sdk) => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', `${import.meta.dirname}/measure.ts`, sdk], {
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!) as {
    sdk: string;
    cpu: number;
    wall: number;
    errorCost: number;
    delivered: number;
    n: number;
  };
});
console.log(
  'captureException CPU per call (new Error + stack formatting subtracted), event serialized and sent:',
);
for (const r of results) {
  const name = r.sdk === 'faultline' ? '@faultline/sdk' : '@sentry/node';
  console.log(
    `  ${name.padEnd(15)} ${r.cpu.toFixed(1).padStart(6)} µs CPU   (${r.delivered} of ${r.n} events delivered; the Error itself costs ${r.errorCost.toFixed(1)} µs)`,
  );
}
