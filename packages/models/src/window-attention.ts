import * as tf from '@tensorflow/tfjs-core';
import type { LayerVariable } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import { assertInteger, TricksError } from '@tftricks/core';

/** Arguments of {@link WindowAttention}. */
export interface WindowAttentionArgs extends LayerArgs {
  /** Token grid [H, W]: the input holds H·W tokens in row-major order. */
  resolution: [number, number];
  /** Window side w; must divide H and W. */
  windowSize: number;
  /** Cyclic shift s in [0, w) (Swin's shifted windows use ⌊w/2⌋ in every other block). */
  shift?: number;
  /** Heads h; the token width C must be divisible by h. */
  numHeads: number;
  /** Seed of the initialisers; omit for unseeded. */
  seed?: number;
}

/** Swin's relative position index: for tokens p, q of a w×w window, (Δrow + w − 1)(2w − 1) + Δcol + w − 1. */
function relativeIndex(w: number): Int32Array {
  const n = w * w;
  const out = new Int32Array(n * n);
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) {
      const dr = Math.floor(p / w) - Math.floor(q / w) + w - 1;
      const dc = (p % w) - (q % w) + w - 1;
      out[p * n + q] = dr * (2 * w - 1) + dc;
    }
  }
  return out;
}

/**
 * Swin's attention mask for the shifted grid: tokens that came from different regions of
 * the un-shifted map must not attend to each other (−100 before the softmax). `[nW, N, N]`.
 */
function shiftMask(h: number, wd: number, w: number, s: number): Float32Array {
  const region = (i: number, size: number) => (i < size - w ? 0 : i < size - s ? 1 : 2);
  const nWr = h / w;
  const nWc = wd / w;
  const n = w * w;
  const out = new Float32Array(nWr * nWc * n * n);
  for (let a = 0; a < nWr; a++) {
    for (let b = 0; b < nWc; b++) {
      const ids = Array.from(
        { length: n },
        (_, t) => region(a * w + Math.floor(t / w), h) * 3 + region(b * w + (t % w), wd),
      );
      const base = (a * nWc + b) * n * n;
      for (let p = 0; p < n; p++)
        for (let q = 0; q < n; q++) out[base + p * n + q] = ids[p] === ids[q] ? 0 : -100;
    }
  }
  return out;
}

/** Cyclic roll of a [B, H, W, C] map by `k` along axes 1 and 2 (tfjs has no roll op). */
function roll2d(x: tf.Tensor4D, k: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  const r = (t: tf.Tensor4D, axis: 1 | 2, size: number) => {
    const s = ((k % size) + size) % size;
    if (s === 0) return t;
    const begin = [0, 0, 0, 0];
    const head = [-1, -1, -1, -1];
    head[axis] = size - s;
    const tailBegin = [0, 0, 0, 0];
    tailBegin[axis] = size - s;
    return tf.concat(
      [tf.slice(t, tailBegin, [-1, -1, -1, -1]), tf.slice(t, begin, head)],
      axis,
    ) as tf.Tensor4D;
  };
  return r(r(x, 1, h), 2, w);
}

/**
 * (Shifted) window multi-head self-attention (Liu et al. 2021, Swin) on tokens `[N, H·W, C]`:
 * optional cyclic shift by −s, partition into w×w windows, attention per window with a
 * learned relative position bias ((2w − 1)² × h table) and, when shifted, Swin's mask, then
 * the reverse. Parameters 4C² + 4C + (2w − 1)²·h. Only rank ≤ 4 ops. Serialised as
 * `TricksWindowAttention`.
 */
export class WindowAttention extends tfl.layers.Layer {
  static className = 'TricksWindowAttention';
  readonly resolution: [number, number];
  readonly windowSize: number;
  readonly shift: number;
  readonly numHeads: number;
  readonly seed: number | undefined;
  private qkvKernel: LayerVariable | null = null;
  private qkvBias: LayerVariable | null = null;
  private outKernel: LayerVariable | null = null;
  private outBias: LayerVariable | null = null;
  private biasTable: LayerVariable | null = null;
  private readonly index: Int32Array;
  private readonly mask: Float32Array | null;

  constructor(args: WindowAttentionArgs) {
    super(args);
    const fn = 'WindowAttention';
    const res = args?.resolution;
    if (!Array.isArray(res) || res.length !== 2)
      throw new TricksError(fn, 'args.resolution', '[H, W]', String(res));
    assertInteger(fn, 'args.resolution[0]', res[0], 1);
    assertInteger(fn, 'args.resolution[1]', res[1], 1);
    assertInteger(fn, 'args.windowSize', args.windowSize, 1);
    if (res[0] % args.windowSize !== 0 || res[1] % args.windowSize !== 0) {
      throw new TricksError(
        fn,
        'args.windowSize',
        `a divisor of the resolution ${res[0]}×${res[1]}`,
        `${args.windowSize}`,
      );
    }
    const shift = args.shift ?? 0;
    assertInteger(fn, 'args.shift', shift, 0);
    if (shift >= args.windowSize)
      throw new TricksError(fn, 'args.shift', `a shift in [0, ${args.windowSize})`, `${shift}`);
    assertInteger(fn, 'args.numHeads', args.numHeads, 1);
    if (args.seed !== undefined && args.seed !== null) assertInteger(fn, 'args.seed', args.seed, 0);
    this.resolution = [res[0], res[1]];
    this.windowSize = args.windowSize;
    this.shift = shift;
    this.numHeads = args.numHeads;
    this.seed = args.seed ?? undefined;
    this.index = relativeIndex(this.windowSize);
    this.mask = shift > 0 ? shiftMask(res[0], res[1], this.windowSize, shift) : null;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const [h, w] = this.resolution;
    const c = s[2];
    if (s.length !== 3 || s[1] !== h * w || c == null || c % this.numHeads !== 0) {
      throw new TricksError(
        'WindowAttention',
        'inputs',
        `tokens [N, ${h * w}, C] with C divisible by numHeads = ${this.numHeads}`,
        `shape [${s.join(', ')}]`,
      );
    }
    const seed = (k: number) => (this.seed === undefined ? undefined : this.seed + k);
    this.qkvKernel = this.addWeight(
      'qkv_kernel',
      [c, 3 * c],
      'float32',
      tfl.initializers.glorotUniform({ seed: seed(0) }),
    );
    this.qkvBias = this.addWeight('qkv_bias', [3 * c], 'float32', tfl.initializers.zeros());
    this.outKernel = this.addWeight(
      'out_kernel',
      [c, c],
      'float32',
      tfl.initializers.glorotUniform({ seed: seed(1) }),
    );
    this.outBias = this.addWeight('out_bias', [c], 'float32', tfl.initializers.zeros());
    const t = 2 * this.windowSize - 1;
    this.biasTable = this.addWeight(
      'relative_position_bias',
      [t * t, this.numHeads],
      'float32',
      tfl.initializers.truncatedNormal({ stddev: 0.02, seed: seed(2) }),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const [b, , c] = x.shape as [number, number, number];
      const [h, wd] = this.resolution;
      const w = this.windowSize;
      const n = w * w;
      const nW = (h / w) * (wd / w);
      const heads = this.numHeads;
      const dh = c / heads;
      let map = tf.reshape(x, [b, h, wd, c]) as tf.Tensor4D;
      if (this.shift > 0) map = roll2d(map, -this.shift);
      // [B, H, W, C] → [B·nW, w·w, C] with rank-4 reshapes/transposes only.
      const windows = tf.reshape(
        tf.transpose(tf.reshape(map, [b * (h / w), w, wd / w, w * c]), [0, 2, 1, 3]),
        [b * nW * n, c],
      );
      const qkv = tf.add(tf.matMul(windows, this.qkvKernel!.read() as tf.Tensor2D), this.qkvBias!.read());
      const split = (m: tf.Tensor) =>
        tf.reshape(tf.transpose(tf.reshape(m, [b * nW, n, heads, dh]), [0, 2, 1, 3]), [
          b * nW * heads,
          n,
          dh,
        ]);
      const [q, k, v] = tf.split(qkv, 3, 1).map(split) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
      let logits: tf.Tensor = tf.reshape(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh)), [
        b,
        nW * heads,
        n,
        n,
      ]);
      const bias = tf.transpose(
        tf.reshape(tf.gather(this.biasTable!.read(), tf.tensor1d(this.index, 'int32')), [n, n, heads]),
        [2, 0, 1],
      );
      let extra: tf.Tensor = tf.reshape(bias, [1, heads, n, n]);
      if (this.mask) extra = tf.add(extra, tf.tensor4d(this.mask, [nW, 1, n, n]));
      logits = tf.add(logits, tf.reshape(tf.broadcastTo(extra, [nW, heads, n, n]), [1, nW * heads, n, n]));
      const attention = tf.reshape(tf.softmax(logits), [b * nW * heads, n, n]);
      const o = tf.matMul(attention, v);
      const merged = tf.reshape(tf.transpose(tf.reshape(o, [b * nW, heads, n, dh]), [0, 2, 1, 3]), [
        b * nW * n,
        c,
      ]);
      const out = tf.add(tf.matMul(merged, this.outKernel!.read() as tf.Tensor2D), this.outBias!.read());
      let back = tf.reshape(tf.transpose(tf.reshape(out, [b * (h / w), wd / w, w, w * c]), [0, 2, 1, 3]), [
        b,
        h,
        wd,
        c,
      ]) as tf.Tensor4D;
      if (this.shift > 0) back = roll2d(back, this.shift);
      return tf.reshape(back, [b, h * wd, c]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      resolution: this.resolution,
      windowSize: this.windowSize,
      shift: this.shift,
      numHeads: this.numHeads,
      seed: this.seed ?? null,
    };
  }
}
tf.serialization.registerClass(WindowAttention);
