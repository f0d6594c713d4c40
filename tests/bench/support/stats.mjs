// Figures the benchmarks print: quantiles of a sample and milliseconds to
// one decimal ("n/a" for an empty sample).
//
//   console.log(`p50 ${fmt(quantile(xs, 0.5))} p99 ${fmt(quantile(xs, 0.99))} ms`);

// The q-quantile (0..1) of `xs`, nearest rank; undefined when empty.
export function quantile(xs, q) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export function fmt(x) {
  return x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(1);
}
