import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { assertNumberInRange } from '@tftricks/core';
import type { GradientTransformation } from './gradient-transformation';

/**
 * State of {@link scaleByFactoredRms}: step count; for rank ≥ 2 parameters the row and column
 * statistics R [..., n] and C [..., m] over the last two axes, for rank ≤ 1 the full V.
 */
export type ScaleByFactoredRmsState = {
  count: number;
  row: NamedTensorMap;
  col: NamedTensorMap;
  v: NamedTensorMap;
};

/** Options of {@link scaleByFactoredRms}. */
export interface ScaleByFactoredRmsOptions {
  /** c in β̂2ₜ = 1 − t^(−c), in (0, 1]. Default 0.8 (paper). */
  decayRate?: number;
  /** ε₁ added to g², > 0. Default 1e-30 (paper). */
  eps?: number;
}

/**
 * Adafactor's factored second moment (Shazeer & Stern 2018, Algorithms 4–5): with
 * β̂2ₜ = 1 − t^(−c), R ← β̂·R + (1−β̂)·rowsum(g²+ε₁), C ← β̂·C + (1−β̂)·colsum(g²+ε₁),
 * V̂ = R·Cᵀ / sum(R); the update is g / √V̂. Rank ≤ 1 parameters keep an unfactored V.
 * Rank ≥ 3 tensors are factored over their last two axes (leading axes are a batch).
 */
export function scaleByFactoredRms(
  options: ScaleByFactoredRmsOptions = {},
): GradientTransformation<ScaleByFactoredRmsState> {
  const { decayRate = 0.8, eps = 1e-30 } = options;
  assertNumberInRange('scaleByFactoredRms', 'options.decayRate', decayRate, Number.MIN_VALUE, 1);
  assertNumberInRange('scaleByFactoredRms', 'options.eps', eps, Number.MIN_VALUE, Number.POSITIVE_INFINITY);
  return {
    init(params) {
      const row: NamedTensorMap = {};
      const col: NamedTensorMap = {};
      const v: NamedTensorMap = {};
      for (const [n, p] of Object.entries(params)) {
        if (p.rank >= 2) {
          row[n] = tf.zeros(p.shape.slice(0, -1));
          col[n] = tf.zeros([...p.shape.slice(0, -2), p.shape[p.rank - 1]!]);
        } else {
          v[n] = tf.zerosLike(p);
        }
      }
      return { count: 0, row, col, v };
    },
    update(grads, state) {
      const count = state.count + 1;
      const beta = 1 - count ** -decayRate;
      const row = { ...state.row };
      const col = { ...state.col };
      const v = { ...state.v };
      const updates: NamedTensorMap = {};
      const mix = (old: tf.Tensor, x: tf.Tensor) =>
        tf.add(tf.mul(old, tf.scalar(beta)), tf.mul(x, tf.scalar(1 - beta)));
      for (const [n, g] of Object.entries(grads)) {
        const g2 = tf.add(tf.square(g), tf.scalar(eps));
        if (g.rank >= 2) {
          const r = mix(state.row[n]!, tf.sum(g2, -1));
          const c = mix(state.col[n]!, tf.sum(g2, -2));
          row[n] = r;
          col[n] = c;
          // V̂ = R Cᵀ / (1ᵀR): outer product over the last two axes.
          const vHat = tf.div(
            tf.mul(tf.expandDims(r, -1), tf.expandDims(c, -2)),
            tf.expandDims(tf.expandDims(tf.sum(r, -1), -1), -1),
          );
          updates[n] = tf.div(g, tf.sqrt(vHat));
        } else {
          v[n] = mix(state.v[n]!, g2);
          updates[n] = tf.div(g, tf.sqrt(v[n]!));
        }
      }
      return { updates, state: { count, row, col, v } };
    },
  };
}
