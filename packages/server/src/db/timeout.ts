/**
 * `p`, or a rejection with `timeoutError()` once `ms` have passed. The work itself goes on (a query
 * cannot be taken back); its late failure is swallowed here, as its caller has already answered.
 */
export function withTimeout<T>(p: Promise<T>, ms: number, timeoutError: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  p.catch(() => {});
  const late = new Promise<T>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError()), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
