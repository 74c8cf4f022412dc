import { createRng } from '@tftricks/core';

/** Hands out one initialiser seed per layer so same-shaped layers do not get equal weights. */
export interface SeedSequence {
  /** The next seed, or `undefined` when the builder was not given a seed. */
  next(): number | undefined;
}

/** A deterministic stream of per-layer seeds derived from `seed` (or all `undefined`). */
export function seedSequence(seed: number | undefined): SeedSequence {
  if (seed === undefined) return { next: () => undefined };
  const rng = createRng(seed);
  return { next: () => rng.int(0, 2 ** 31 - 1) };
}
