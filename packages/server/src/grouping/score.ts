// Pairwise precision/recall/F1 of a grouping against labels: a pair of events is positive when both
// carry the same label, predicted positive when both got the same fingerprint.
export interface Score {
  precision: number;
  recall: number;
  f1: number;
  issues: number;
  labels: number;
}

export function pairwiseScore(items: Array<{ label: string; fingerprint: string }>): Score {
  const pairs = (keyOf: (i: { label: string; fingerprint: string }) => string) => {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
    let n = 0;
    for (const c of counts.values()) n += (c * (c - 1)) / 2;
    return { n, groups: counts.size };
  };
  const truth = pairs((i) => i.label);
  const predicted = pairs((i) => i.fingerprint);
  const both = pairs((i) => `${i.label}\u0000${i.fingerprint}`);
  const precision = predicted.n ? both.n / predicted.n : 1;
  const recall = truth.n ? both.n / truth.n : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, issues: predicted.groups, labels: truth.groups };
}
