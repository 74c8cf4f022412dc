import { describeValue, TricksError } from './tricks-error';

/** JSON-able state of an {@link Rng}; `createRng(state)` resumes the exact stream. */
export interface RngState {
  algorithm: 'xoshiro128**';
  /** The four 32-bit words of xoshiro128** state, as unsigned integers. */
  s: [number, number, number, number];
}

/**
 * A seeded, serializable pseudo-random generator (xoshiro128**, Blackman & Vigna 2018).
 *
 * Every random function in tftricks takes one of these instead of the unseeded global generator, so
 * the same seed replays the same augmentations, splits and initialisations on every run
 * and every backend.
 */
export interface Rng {
  /** A float uniform in [lo, hi) with 53 random bits. Defaults: lo = 0, hi = 1. */
  uniform(lo?: number, hi?: number): number;
  /** An integer uniform in [lo, hi) (hi exclusive). */
  int(lo: number, hi: number): number;
  /** A normal draw (Box–Muller, no cached spare, so the state is just the 4 words). */
  normal(mean?: number, std?: number): number;
  /** `true` with probability p ∈ [0, 1]. */
  bernoulli(p: number): boolean;
  /** A Beta(a, b) draw, a, b > 0 (ratio of Marsaglia–Tsang gammas). */
  beta(a: number, b: number): number;
  /** A Gamma(shape, 1) draw, shape > 0 (Marsaglia–Tsang). */
  gamma(shape: number): number;
  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): number[];
  /** An element of `items`, uniformly. */
  choice<T>(items: readonly T[]): T;
  /** A new generator on an independent stream; advances this one by 4 draws. */
  fork(): Rng;
  /** A JSON-able snapshot; `createRng(rng.state())` continues identically. */
  state(): RngState;
}

/** splitmix32: spreads a 32-bit seed into well-mixed words for the xoshiro state. */
function splitmix32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

class Xoshiro128 implements Rng {
  private s: Uint32Array;

  constructor(words: ArrayLike<number>) {
    this.s = Uint32Array.from(words);
    // An all-zero state is the one fixed point of xoshiro; nudge it.
    if (this.s[0] === 0 && this.s[1] === 0 && this.s[2] === 0 && this.s[3] === 0) this.s[0] = 1;
  }

  private nextU32(): number {
    const s = this.s;
    const s0 = s[0]!;
    const s1 = s[1]!;
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s[2] = s[2]! ^ s0;
    s[3] = s[3]! ^ s1;
    s[1] = s1 ^ s[2]!;
    s[0] = s0 ^ s[3]!;
    s[2] = s[2]! ^ t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  uniform(lo = 0, hi = 1): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    const u = (a * 67108864 + b) / 9007199254740992;
    return lo + (hi - lo) * u;
  }

  int(lo: number, hi: number): number {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi <= lo) {
      throw new TricksError('Rng.int', 'hi', `an integer > lo = ${describeValue(lo)}`, describeValue(hi));
    }
    return lo + Math.floor(this.uniform() * (hi - lo));
  }

  normal(mean = 0, std = 1): number {
    // 1 - u keeps the log argument in (0, 1].
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    return mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  bernoulli(p: number): boolean {
    if (!(p >= 0 && p <= 1))
      throw new TricksError('Rng.bernoulli', 'p', 'a probability in [0, 1]', describeValue(p));
    return this.uniform() < p;
  }

  gamma(shape: number): number {
    if (!(shape > 0)) throw new TricksError('Rng.gamma', 'shape', 'a number > 0', describeValue(shape));
    if (shape < 1) {
      // Boost: Gamma(a) = Gamma(a + 1) · U^(1/a).
      return this.gamma(shape + 1) * (1 - this.uniform()) ** (1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.uniform();
      if (u < 1 - 0.0331 * x ** 4) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  beta(a: number, b: number): number {
    if (!(a > 0)) throw new TricksError('Rng.beta', 'a', 'a number > 0', describeValue(a));
    if (!(b > 0)) throw new TricksError('Rng.beta', 'b', 'a number > 0', describeValue(b));
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }

  permutation(n: number): number[] {
    if (!Number.isInteger(n) || n < 0) {
      throw new TricksError('Rng.permutation', 'n', 'a non-negative integer', describeValue(n));
    }
    const out = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      const tmp = out[i]!;
      out[i] = out[j]!;
      out[j] = tmp;
    }
    return out;
  }

  choice<T>(items: readonly T[]): T {
    if (items.length === 0)
      throw new TricksError('Rng.choice', 'items', 'a non-empty array', 'an empty array');
    return items[this.int(0, items.length)]!;
  }

  fork(): Rng {
    // Seed the child through splitmix so its stream is decorrelated from the parent's.
    const mix = splitmix32(this.nextU32() ^ rotl(this.nextU32(), 16));
    const extra = this.nextU32() ^ this.nextU32();
    return new Xoshiro128([mix() ^ extra, mix(), mix(), mix()]);
  }

  state(): RngState {
    return { algorithm: 'xoshiro128**', s: [this.s[0]!, this.s[1]!, this.s[2]!, this.s[3]!] };
  }
}

/**
 * Creates a generator from an integer seed, or resumes one from `rng.state()`.
 *
 * @example
 * const rng = createRng(42);
 * const saved = JSON.stringify(rng.state());
 * const again = createRng(JSON.parse(saved)); // continues exactly where rng is
 */
export function createRng(seedOrState: number | RngState = 0): Rng {
  if (typeof seedOrState === 'number') {
    if (!Number.isFinite(seedOrState) || !Number.isInteger(seedOrState)) {
      throw new TricksError('createRng', 'seed', 'an integer', describeValue(seedOrState));
    }
    // Fold the high bits in so seeds beyond 2^32 still differ.
    const hi = Math.floor(seedOrState / 4294967296);
    const mix = splitmix32((seedOrState >>> 0) ^ Math.imul(hi, 0x9e3779b1));
    return new Xoshiro128([mix(), mix(), mix(), mix()]);
  }
  const st = seedOrState as Partial<RngState> | null;
  if (
    !st ||
    st.algorithm !== 'xoshiro128**' ||
    !Array.isArray(st.s) ||
    st.s.length !== 4 ||
    !st.s.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)
  ) {
    throw new TricksError(
      'createRng',
      'state',
      "an integer seed or { algorithm: 'xoshiro128**', s: [4 uint32] }",
      describeValue(seedOrState),
    );
  }
  return new Xoshiro128(st.s);
}
