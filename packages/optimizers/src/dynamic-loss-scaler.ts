import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, assertNumberInRange, describeValue, TricksError } from '@tftricks/core';
import { allFinite } from './apply-if-finite';

/** Options of {@link DynamicLossScaler} (defaults of `torch.cuda.amp.GradScaler`). */
export interface DynamicLossScalerOptions {
  /** Starting scale > 0. Default 2¹⁶. */
  initScale?: number;
  /** Scale multiplier after `growthInterval` finite steps in a row, > 1. Default 2. */
  growthFactor?: number;
  /** Scale multiplier after a non-finite step, in (0, 1). Default 0.5. */
  backoffFactor?: number;
  /** Finite steps in a row before growing (integer ≥ 1). Default 2000. */
  growthInterval?: number;
}

/** {@link DynamicLossScaler} state as JSON. */
export interface DynamicLossScalerJson {
  scale: number;
  goodSteps: number;
  skipped: number;
}

/** The slice of `tf.Optimizer` the scaler drives. */
export interface GradientApplier {
  applyGradients(grads: NamedTensorMap): void;
}

/**
 * Dynamic loss scaling (as `torch.cuda.amp.GradScaler`): multiply the loss by `scale`, divide the
 * gradients by it, and skip the step when any gradient is NaN/Inf (scale × backoff); after
 * `growthInterval` good steps in a row, scale × growth. Keeps small float16 gradients (WebGL
 * half-float textures) from flushing to zero, and guards every backend against NaN steps.
 */
export class DynamicLossScaler {
  private scaleValue: number;
  private good = 0;
  private skippedSteps = 0;
  private readonly growthFactor: number;
  private readonly backoffFactor: number;
  private readonly growthInterval: number;

  constructor(options: DynamicLossScalerOptions = {}) {
    const { initScale = 2 ** 16, growthFactor = 2, backoffFactor = 0.5, growthInterval = 2000 } = options;
    assertNumberInRange(
      'DynamicLossScaler',
      'options.initScale',
      initScale,
      Number.MIN_VALUE,
      Number.POSITIVE_INFINITY,
    );
    assertNumberInRange(
      'DynamicLossScaler',
      'options.growthFactor',
      growthFactor,
      1 + Number.EPSILON,
      Number.POSITIVE_INFINITY,
    );
    assertNumberInRange(
      'DynamicLossScaler',
      'options.backoffFactor',
      backoffFactor,
      Number.MIN_VALUE,
      1 - Number.EPSILON,
    );
    assertInteger('DynamicLossScaler', 'options.growthInterval', growthInterval, 1);
    this.scaleValue = initScale;
    this.growthFactor = growthFactor;
    this.backoffFactor = backoffFactor;
    this.growthInterval = growthInterval;
  }

  /** The current loss scale. */
  get scale(): number {
    return this.scaleValue;
  }

  /** Steps skipped so far because a gradient was not finite. */
  get skipped(): number {
    return this.skippedSteps;
  }

  /** loss × scale (a new scalar). Use inside the function you differentiate. */
  scaleLoss(loss: tf.Scalar): tf.Scalar {
    return tf.mul(loss, tf.scalar(this.scaleValue));
  }

  /** Gradients ÷ scale (new tensors; the caller disposes both maps). */
  unscale(grads: NamedTensorMap): NamedTensorMap {
    return tf.tidy(() => {
      const out: NamedTensorMap = {};
      for (const [n, g] of Object.entries(grads)) out[n] = tf.div(g, tf.scalar(this.scaleValue));
      return out;
    });
  }

  /** Adjusts the scale after a step: back off on a non-finite step, grow after a run of good ones. */
  update(finite: boolean): void {
    if (!finite) {
      this.scaleValue *= this.backoffFactor;
      this.good = 0;
      this.skippedSteps++;
      return;
    }
    this.good++;
    if (this.good === this.growthInterval) {
      this.scaleValue *= this.growthFactor;
      this.good = 0;
    }
  }

  /**
   * Unscales `scaledGrads` (gradients of the scaled loss), applies them with `optimizer` when all
   * are finite, updates the scale, and returns whether the step was applied. The input map is
   * left to the caller; the unscaled copies are disposed.
   */
  step(optimizer: GradientApplier, scaledGrads: NamedTensorMap): boolean {
    const grads = this.unscale(scaledGrads);
    const finite = allFinite(grads);
    if (finite) optimizer.applyGradients(grads);
    tf.dispose(Object.values(grads));
    this.update(finite);
    return finite;
  }

  /**
   * One training step: differentiates `scaleLoss(f())` with respect to `varList` (default: all
   * trainable variables), then {@link step}. Returns the unscaled loss (caller disposes).
   */
  minimize(optimizer: GradientApplier, f: () => tf.Scalar, varList?: tf.Variable[]): tf.Scalar {
    const scale = this.scaleValue;
    const { grads, value } = tf.variableGrads(() => this.scaleLoss(f()), varList);
    // The forward pass runs in its own tidy, so the unscaled loss is recovered from the result.
    const loss = tf.tidy(() => tf.div(value, tf.scalar(scale))) as tf.Scalar;
    this.step(optimizer, grads);
    tf.dispose([...Object.values(grads), value]);
    return loss;
  }

  /** State as JSON. */
  toJson(): DynamicLossScalerJson {
    return { scale: this.scaleValue, goodSteps: this.good, skipped: this.skippedSteps };
  }

  /** Restores a state saved by {@link toJson}. */
  loadJson(json: DynamicLossScalerJson): void {
    if (
      json === null ||
      typeof json !== 'object' ||
      !(json.scale > 0) ||
      !Number.isInteger(json.goodSteps) ||
      !Number.isInteger(json.skipped)
    ) {
      throw new TricksError(
        'DynamicLossScaler.loadJson',
        'json',
        '{ scale > 0, goodSteps, skipped }',
        describeValue(json),
      );
    }
    this.scaleValue = json.scale;
    this.good = json.goodSteps;
    this.skippedSteps = json.skipped;
  }
}
