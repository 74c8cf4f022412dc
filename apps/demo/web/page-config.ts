import type { BackendName } from '@tftricks/core';

/** What the page's form starts with; every field can be set from the URL (`?train=512&epochs=1`). */
export interface PageConfig {
  /** `both` trains the baseline, then the recipe, and shows them side by side. */
  recipe: 'both' | 'baseline' | 'recipe';
  /** `recipe`: the recipes' own CNN (16/32 wide); `tiny`: an 8/16-wide one for slow software GPUs. */
  model: 'recipe' | 'tiny';
  train: number;
  batch: number;
  epochs: number;
  test: number;
  seed: number;
  backend: BackendName;
  /** Start training as soon as the page is ready (tests, shared links). */
  autostart: boolean;
}

/**
 * The defaults are the CLI demo's (docs/benchmarks.md: 85.6% baseline, 86.8% recipe after 3
 * epochs of 10,000 images at batch 128): 2 × 234 steps of a 50k-parameter CNN, well under a
 * minute on a laptop GPU. The old tiny-CNN / 512-image default ended at chance (13%).
 */
export const PAGE_DEFAULTS: PageConfig = {
  recipe: 'both',
  model: 'recipe',
  train: 10_000,
  batch: 128,
  epochs: 3,
  test: 2000,
  seed: 0,
  backend: 'auto',
  autostart: false,
};

const BACKENDS: readonly BackendName[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  if (value === null) return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new Error(`URL parameter: expected one of ${allowed.join(', ')}, got ${value}`);
  return value as T;
}

function integer(params: URLSearchParams, key: string, lo: number, hi: number, fallback: number): number {
  const raw = params.get(key);
  if (raw === null) return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < lo || v > hi)
    throw new Error(`URL parameter ${key}: expected an integer in [${lo}, ${hi}], got ${raw}`);
  return v;
}

/** The page's configuration: the defaults, overridden by the URL's query parameters. */
export function pageConfig(search: string): PageConfig {
  const p = new URLSearchParams(search);
  const d = PAGE_DEFAULTS;
  return {
    recipe: oneOf(p.get('recipe'), ['both', 'baseline', 'recipe'] as const, d.recipe),
    model: oneOf(p.get('model'), ['recipe', 'tiny'] as const, d.model),
    train: integer(p, 'train', 16, 10_000, d.train),
    batch: integer(p, 'batch', 1, 512, d.batch),
    epochs: integer(p, 'epochs', 1, 50, d.epochs),
    test: integer(p, 'test', 10, 2000, d.test),
    seed: integer(p, 'seed', 0, 2 ** 31 - 1, d.seed),
    backend: oneOf(p.get('backend'), BACKENDS, d.backend),
    autostart: p.get('autostart') === '1' || p.get('autostart') === 'true',
  };
}
