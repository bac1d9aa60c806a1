/** A deploy on a chart: when it finished (ms) and its label (the release). */
export interface Marker {
  at: number;
  label: string;
}

export interface Cluster {
  /** each deploy's line, in canvas pixels */
  xs: number[];
  /** what is written: the release, or "3 deploys" */
  label: string;
  /** the releases in full, for the chart's description */
  title: string;
}

/**
 * Deploys too close to label apart share one label: walking left to right, a deploy whose line falls
 * within the label of the group before it joins that group. Every line is still drawn.
 */
export function clusterMarkers(
  markers: Array<Marker & { x: number }>,
  measure: (label: string) => number,
  gap: number,
): Cluster[] {
  const groups: Array<{ xs: number[]; labels: string[]; width: number }> = [];
  for (const m of [...markers].sort((a, b) => a.x - b.x)) {
    const last = groups[groups.length - 1];
    if (last && m.x - last.xs[0]! < last.width + gap) {
      last.xs.push(m.x);
      last.labels.push(m.label);
      last.width = measure(`${last.labels.length} deploys`);
    } else groups.push({ xs: [m.x], labels: [m.label], width: measure(m.label) });
  }
  return groups.map(({ xs, labels }) =>
    labels.length === 1
      ? { xs, label: labels[0]!, title: labels[0]! }
      : { xs, label: `${labels.length} deploys`, title: `${labels.length} deploys (${labels.join(', ')})` },
  );
}
