import g from '@golden/optimizers/reference.json';
import { maxRelativeError } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { goldenSchedule, runGolden } from './golden-problem';
import { buildPreset } from './optimizer-registry';

// Float32 on every backend (WebGL/SwiftShader measured below 3e-6 too).
const TOL = 1e-5;

interface Case {
  preset: string;
  baseLr: number | null;
  options: Record<string, unknown>;
  trajectory: Record<string, number[][]>;
}

describe('LAMB, NovoGrad, Adafactor, Lookahead, Ranger, NAdam match float64 paper formulas (120 steps)', () => {
  for (const [name, c] of Object.entries(g.cases as Record<string, Case>)) {
    it(name, () => {
      const options =
        c.baseLr === null ? c.options : { ...c.options, learningRate: goldenSchedule(c.baseLr, g.steps) };
      const got = runGolden(g, buildPreset('test', c.preset, options));
      let worst = 0;
      for (const step of g.checkpoints)
        worst = Math.max(worst, maxRelativeError(got[String(step)]!, c.trajectory[String(step)]!));
      console.log(`reference ${name}: max relative error ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(TOL);
    });
  }
});
