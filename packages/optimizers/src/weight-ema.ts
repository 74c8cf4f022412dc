import * as tf from '@tensorflow/tfjs-core';
import type { TensorJson } from '@tftricks/core';
import {
  assertNumberInRange,
  describeValue,
  TricksError,
  tensorFromJson,
  tensorToJson,
} from '@tftricks/core';
import type { NamedTensor } from './optimizer-state';

/**
 * A weight the EMA can follow: a `tf.Variable`, or anything with `name`, `read()` and
 * `write(value)` such as a tfjs-layers `LayerVariable` (`model.weights`).
 */
export type EmaTarget =
  | tf.Variable
  | { readonly name: string; read(): tf.Tensor; write(value: tf.Tensor): unknown };

/** Options of {@link WeightEma}. */
export interface WeightEmaOptions {
  /** Target decay in [0, 1]. Default 0.9999 (timm). */
  decay?: number;
  /** Warm the decay up: 1 − (1 + step/γ)^(−power), capped at `decay`. Default false. */
  warmup?: boolean;
  /** γ of the warmup, > 0. Default 1. */
  warmupGamma?: number;
  /** power of the warmup, > 0. Default 2/3 (timm; 3/4 suits short runs). */
  warmupPower?: number;
  /** Lower bound of the decay, in [0, decay]. Default 0. */
  minDecay?: number;
}

/** {@link WeightEma} state as JSON (bit-exact). */
export interface WeightEmaJson {
  count: number;
  names: string[];
  shadow: TensorJson[];
}

function readTarget(t: EmaTarget): tf.Tensor {
  return t instanceof tf.Variable ? t : t.read();
}

function writeTarget(t: EmaTarget, value: tf.Tensor): void {
  if (t instanceof tf.Variable) t.assign(value);
  else t.write(value);
}

/**
 * An exponential moving average of model weights (timm `ModelEmaV3`): after each optimizer
 * update call `update()`; ema ← ema + (1 − d)·(w − ema) with d from {@link decayAt}. For
 * evaluation, `apply()` swaps the averaged weights in and `restore()` swaps the live ones back.
 * Shadow weights start as copies of the weights; each update runs in `tf.tidy` and disposes
 * the old shadow tensors, so memory is flat.
 */
export class WeightEma {
  private readonly targets: EmaTarget[];
  private shadow: tf.Tensor[];
  private backup: tf.Tensor[] | null = null;
  private count = 0;
  private readonly decay: number;
  private readonly warmup: boolean;
  private readonly gamma: number;
  private readonly power: number;
  private readonly minDecay: number;

  /** @param targets the weights to average (all the model's weights, e.g. `model.weights`). */
  constructor(targets: readonly EmaTarget[], options: WeightEmaOptions = {}) {
    if (!Array.isArray(targets) || targets.length === 0) {
      throw new TricksError('WeightEma', 'targets', 'a non-empty array of variables', describeValue(targets));
    }
    const { decay = 0.9999, warmup = false, warmupGamma = 1, warmupPower = 2 / 3, minDecay = 0 } = options;
    assertNumberInRange('WeightEma', 'options.decay', decay, 0, 1);
    assertNumberInRange(
      'WeightEma',
      'options.warmupGamma',
      warmupGamma,
      Number.MIN_VALUE,
      Number.POSITIVE_INFINITY,
    );
    assertNumberInRange(
      'WeightEma',
      'options.warmupPower',
      warmupPower,
      Number.MIN_VALUE,
      Number.POSITIVE_INFINITY,
    );
    assertNumberInRange('WeightEma', 'options.minDecay', minDecay, 0, decay);
    targets.forEach((t, i) => {
      const ok =
        t instanceof tf.Variable ||
        (t !== null && typeof t === 'object' && typeof (t as { read?: unknown }).read === 'function');
      if (!ok)
        throw new TricksError(
          'WeightEma',
          `targets[${i}]`,
          'a tf.Variable or a LayerVariable',
          describeValue(t),
        );
    });
    this.targets = [...targets];
    this.decay = decay;
    this.warmup = warmup;
    this.gamma = warmupGamma;
    this.power = warmupPower;
    this.minDecay = minDecay;
    // tf.keep: the EMA outlives any tf.tidy the caller (or model.fit) runs it in.
    this.shadow = this.targets.map((t) => tf.keep(tf.clone(readTarget(t))));
  }

  /** Number of `update()` calls so far. */
  get updates(): number {
    return this.count;
  }

  /**
   * The decay used at 1-based update `step` (timm `get_decay`): 0 for step ≤ 1 (the first
   * update copies), else `decay`, or with warmup clamp(1 − (1 + (step−1)/γ)^(−power), minDecay, decay).
   */
  decayAt(step: number): number {
    const s = Math.max(0, step - 1);
    if (s <= 0) return 0;
    if (!this.warmup) return this.decay;
    const d = 1 - (1 + s / this.gamma) ** -this.power;
    return Math.max(Math.min(d, this.decay), this.minDecay);
  }

  /**
   * Moves the averages toward the current weights. `step` (1-based optimizer update count)
   * defaults to the number of calls; pass the optimizer's `step` when updates are not 1:1.
   */
  update(step?: number): void {
    if (this.backup !== null)
      throw new TricksError(
        'WeightEma.update',
        'this',
        'live weights (call restore() first)',
        'EMA weights applied',
      );
    this.count++;
    const s = step ?? this.count;
    assertNumberInRange('WeightEma.update', 'step', s, 0, Number.POSITIVE_INFINITY);
    const w = 1 - this.decayAt(s);
    const old = this.shadow;
    this.shadow = tf.tidy(() =>
      old.map((e, i) => tf.add(e, tf.mul(tf.sub(readTarget(this.targets[i]!), e), tf.scalar(w)))),
    );
    for (const t of this.shadow) tf.keep(t);
    tf.dispose(old);
  }

  /** Writes the averaged weights into the targets (keeps the live ones for {@link restore}). */
  apply(): void {
    if (this.backup !== null)
      throw new TricksError('WeightEma.apply', 'this', 'live weights', 'EMA weights already applied');
    this.backup = this.targets.map((t) => tf.keep(tf.clone(readTarget(t))));
    for (let i = 0; i < this.targets.length; i++) writeTarget(this.targets[i]!, this.shadow[i]!);
  }

  /** Writes the live weights saved by {@link apply} back. */
  restore(): void {
    if (this.backup === null)
      throw new TricksError('WeightEma.restore', 'this', 'EMA weights applied by apply()', 'live weights');
    for (let i = 0; i < this.targets.length; i++) writeTarget(this.targets[i]!, this.backup[i]!);
    tf.dispose(this.backup);
    this.backup = null;
  }

  /** Copies of the averaged weights, named like the targets (caller disposes). */
  getWeights(): NamedTensor[] {
    return this.shadow.map((s, i) => ({ name: this.targets[i]!.name, tensor: tf.clone(s) }));
  }

  /** State as JSON (bit-exact). */
  toJson(): WeightEmaJson {
    return {
      count: this.count,
      names: this.targets.map((t) => t.name),
      shadow: this.shadow.map((s) => tensorToJson(s)),
    };
  }

  /** Restores a state saved by {@link toJson}; names and shapes must match the targets. */
  loadJson(json: WeightEmaJson): void {
    if (
      json === null ||
      typeof json !== 'object' ||
      !Array.isArray(json.shadow) ||
      json.shadow.length !== this.targets.length
    ) {
      throw new TricksError(
        'WeightEma.loadJson',
        'json',
        `{ count, names, shadow } with ${this.targets.length} tensors`,
        describeValue(json),
      );
    }
    const next = json.shadow.map((j) => tf.keep(tensorFromJson(j)));
    next.forEach((t, i) => {
      const want = readTarget(this.targets[i]!).shape;
      if (!tf.util.arraysEqual(t.shape, want)) {
        tf.dispose(next);
        throw new TricksError(
          'WeightEma.loadJson',
          `json.shadow[${i}]`,
          `shape [${want.join(', ')}]`,
          `shape [${t.shape.join(', ')}]`,
        );
      }
    });
    tf.dispose(this.shadow);
    this.shadow = next;
    this.count = json.count;
  }

  /** Frees the shadow (and backup) tensors. */
  dispose(): void {
    tf.dispose(this.shadow);
    this.shadow = [];
    if (this.backup !== null) tf.dispose(this.backup);
    this.backup = null;
  }
}
