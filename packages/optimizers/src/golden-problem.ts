// Test support (not exported): the deterministic problem of tools/golden/optimizers_*.py.
import * as tf from '@tensorflow/tfjs-core';
import type { GradientTransformation } from './gradient-transformation';
import { TricksOptimizer } from './tricks-optimizer';

export interface GoldenProblem {
  steps: number;
  checkpoints: number[];
  shapes: number[][];
  names: string[];
}

const SCALE = [1.0, 0.1, 3.0];

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Start values of parameter k (float32), as `init` in the golden scripts. */
export function goldenInit(k: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin(2.1 * i + k + 0.3) + 0.05 * k);
}

/** The fixed gradient of parameter k at 0-based step t, as `grad` in the golden scripts. */
export function goldenGrad(t: number, k: number, n: number): Float32Array {
  return Float32Array.from(
    { length: n },
    (_, i) =>
      Math.sin(0.37 * t + 1.3 * i + 0.9 * k) * (1 + 0.5 * Math.cos(0.11 * (i + 1) * (t + 1))) * SCALE[k]!,
  );
}

/** lr_t = base · min(1, (t+1)/10) · ½(1 + cos(πt/steps)), as `lr_at` in the golden scripts. */
export function goldenSchedule(base: number, steps: number): (t: number) => number {
  return (t) => base * Math.min(1, (t + 1) / 10) * 0.5 * (1 + Math.cos((Math.PI * t) / steps));
}

let run = 0;

/**
 * Runs `tx` through a TricksOptimizer on the golden problem; returns the flat parameter values
 * after each checkpoint step. Variables are disposed afterwards.
 */
export function runGolden(
  problem: GoldenProblem,
  tx: GradientTransformation,
  steps = problem.steps,
): Record<string, number[][]> {
  run++;
  const vars = tf.tidy(() =>
    problem.shapes.map((s, k) =>
      tf.variable(tf.tensor(goldenInit(k, size(s)), s), true, `golden${run}/${problem.names[k]}`),
    ),
  );
  const opt = new TricksOptimizer(tx);
  const out: Record<string, number[][]> = {};
  for (let t = 0; t < steps; t++) {
    const grads = tf.tidy(() => {
      const g: Record<string, tf.Tensor> = {};
      problem.shapes.forEach((s, k) => {
        g[vars[k]!.name] = tf.tensor(goldenGrad(t, k, size(s)), s);
      });
      return g;
    });
    opt.applyGradients(grads);
    tf.dispose(Object.values(grads));
    if (problem.checkpoints.includes(t + 1)) out[String(t + 1)] = vars.map((v) => Array.from(v.dataSync()));
  }
  opt.dispose();
  tf.dispose(vars);
  return out;
}
