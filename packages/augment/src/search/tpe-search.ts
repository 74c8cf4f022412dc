import type { Rng } from '@tftricks/core';

/** One search dimension: a categorical choice among `n`, or a real number in [0, 1]. */
export type TpeDimension = { kind: 'categorical'; n: number } | { kind: 'uniform' };

/** Options of {@link tpeSuggest}. */
export interface TpeOptions {
  /** Random trials before the model is used; default 10. */
  startup?: number;
  /** Fraction of observed trials that form the "good" density l(x); default 0.25. */
  gamma?: number;
  /** Candidates drawn from l(x) per suggestion; the best l/g ratio wins; default 24. */
  candidates?: number;
}

/** An observed trial: its point (categorical indices or numbers in [0, 1]) and loss (lower is better). */
export interface TpeObservation {
  x: number[];
  loss: number;
}

function normalPdf(x: number, mu: number, sigma: number): number {
  const z = (x - mu) / sigma;
  return Math.exp(-0.5 * z * z) / (sigma * Math.sqrt(2 * Math.PI));
}

/** Parzen density on [0, 1]: a uniform prior component plus a Gaussian per point. */
function parzen(points: readonly number[]) {
  // Scott-like bandwidth, floored so a few equal points do not collapse the density.
  const sigma = Math.max(0.05, 1 / (1 + points.length) ** 0.5 / 2);
  const w = 1 / (points.length + 1);
  return {
    pdf: (x: number) => w + points.reduce((s, mu) => s + w * normalPdf(x, mu, sigma), 0),
    sample: (rng: Rng) => {
      const k = rng.int(0, points.length + 1);
      if (k === points.length) return rng.uniform();
      for (;;) {
        const v = rng.normal(points[k]!, sigma);
        if (v >= 0 && v <= 1) return v;
      }
    },
  };
}

/** Categorical density with a +1 prior count per category. */
function categorical(n: number, points: readonly number[]) {
  const counts = new Array<number>(n).fill(1);
  for (const p of points) counts[p]! += 1;
  const total = counts.reduce((a, b) => a + b, 0);
  return {
    pdf: (x: number) => counts[x]! / total,
    sample: (rng: Rng) => {
      let u = rng.uniform() * total;
      for (let i = 0; i < n; i++) {
        u -= counts[i]!;
        if (u < 0) return i;
      }
      return n - 1;
    },
  };
}

/** A uniformly random point of the space. */
export function randomPoint(rng: Rng, space: readonly TpeDimension[]): number[] {
  return space.map((d) => (d.kind === 'categorical' ? rng.int(0, d.n) : rng.uniform()));
}

/**
 * Suggests the next point to try with the Tree-structured Parzen Estimator (Bergstra et al.
 * 2011; independent dimensions, as hyperopt's default): observed trials are split at the
 * γ-quantile of the loss into good and bad; candidates are drawn from the good density l(x)
 * and the one maximising l(x) / g(x) is returned. Before `startup` trials: a random point.
 * Deterministic given `rng`.
 */
export function tpeSuggest(
  rng: Rng,
  space: readonly TpeDimension[],
  observed: readonly TpeObservation[],
  options: TpeOptions = {},
): number[] {
  const startup = options.startup ?? 10;
  const gamma = options.gamma ?? 0.25;
  const candidates = options.candidates ?? 24;
  if (observed.length < Math.max(startup, 2)) return randomPoint(rng, space);
  const sorted = [...observed].sort((a, b) => a.loss - b.loss);
  const nGood = Math.max(1, Math.ceil(gamma * sorted.length));
  const good = sorted.slice(0, nGood);
  const bad = sorted.slice(nGood);
  const models = space.map((d, j) => {
    const g = good.map((o) => o.x[j]!);
    const b = bad.map((o) => o.x[j]!);
    return d.kind === 'categorical'
      ? { l: categorical(d.n, g), g: categorical(d.n, b) }
      : { l: parzen(g), g: parzen(b) };
  });
  let best: number[] = [];
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < candidates; c++) {
    const x = models.map((m) => m.l.sample(rng));
    // Log of Π l/g over the independent dimensions.
    const score = x.reduce((s, v, j) => s + Math.log(models[j]!.l.pdf(v)) - Math.log(models[j]!.g.pdf(v)), 0);
    if (score > bestScore) {
      bestScore = score;
      best = x;
    }
  }
  return best;
}
