import g from '@golden/optimizers/torch.json';
import * as tf from '@tensorflow/tfjs-core';
import { maxRelativeError } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { clipByGlobalNorm } from './clip-by-global-norm';
import { goldenGrad, goldenSchedule, runGolden } from './golden-problem';
import { buildPreset } from './optimizer-registry';
import { decayAll } from './param-mask';

// Float32 on every backend (WebGL/SwiftShader measured below 3e-6 too).
const TOL = 1e-5;

interface Case {
  preset: string;
  baseLr: number;
  options: Record<string, unknown>;
  decayAll: boolean;
  trajectory: Record<string, number[][]>;
}

describe('presets match torch.optim 1.13 trajectories (120 steps, warmup+cosine schedule)', () => {
  for (const [name, c] of Object.entries(g.cases as Record<string, Case>)) {
    it(name, () => {
      const options = {
        ...c.options,
        learningRate: goldenSchedule(c.baseLr, g.steps),
        ...(c.decayAll ? { weightDecayMask: decayAll } : {}),
      };
      const got = runGolden(g, buildPreset('test', c.preset, options));
      let worst = 0;
      for (const step of g.checkpoints)
        worst = Math.max(worst, maxRelativeError(got[String(step)]!, c.trajectory[String(step)]!));
      console.log(`torch ${name}: max relative error ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(TOL);
    });
  }
});

describe('clipByGlobalNorm equals torch.nn.utils.clip_grad_norm_', () => {
  for (const c of g.clipGradNorm) {
    it(`t=${c.t} maxNorm=${c.maxNorm}`, () => {
      const grads: Record<string, tf.Tensor> = {};
      g.shapes.forEach((s, k) => {
        grads[g.names[k]!] = tf.tensor(
          goldenGrad(
            c.t,
            k,
            s.reduce((a, b) => a * b, 1),
          ),
          s,
        );
      });
      const tx = clipByGlobalNorm(c.maxNorm);
      const { updates } = tx.update(grads, tx.init(grads));
      const got = g.names.map((n) => Array.from(updates[n]!.dataSync()));
      expect(maxRelativeError(got, c.grads)).toBeLessThan(TOL);
      tf.dispose([...Object.values(grads), ...Object.values(updates)]);
    });
  }
});
