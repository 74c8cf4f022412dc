import g from '@golden/optimizers/torch.json';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { goldenGrad } from './golden-problem';
import { buildPreset, PRESET_NAMES, type PresetOptions } from './optimizer-registry';
import { TricksOptimizer, type TricksOptimizerJson } from './tricks-optimizer';

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

function makeVars(prefix: string, values?: Float32Array[]) {
  return tf.tidy(() =>
    g.shapes.map((s, k) =>
      tf.variable(
        tf.tensor(values?.[k] ?? Float32Array.from({ length: size(s) }, (_, i) => Math.cos(i + k)), s),
        true,
        `${prefix}/${g.names[k]}`,
      ),
    ),
  );
}

function steps(opt: TricksOptimizer, vars: tf.Variable[], from: number, to: number) {
  for (let t = from; t < to; t++) {
    const grads = tf.tidy(() => {
      const m: tf.NamedTensorMap = {};
      vars.forEach((v, k) => {
        m[v.name] = tf.tensor(goldenGrad(t, k, v.size), v.shape);
      });
      return m;
    });
    opt.applyGradients(grads);
    tf.dispose(Object.values(grads));
  }
}

const bits = (vars: tf.Variable[]) =>
  vars.map((v) => Array.from(new Uint32Array(v.dataSync().slice().buffer)));

const configs: [string, PresetOptions][] = [
  ...PRESET_NAMES.map(
    (n) =>
      [n, { learningRate: (t: number) => 0.01 / (1 + 0.1 * t), weightDecay: 0.01 }] as [
        string,
        PresetOptions,
      ],
  ),
  ['adamw', { clipGradNorm: 1, accumulateSteps: 3, skipNonFinite: true, lookahead: { k: 4 } }],
];

describe('save → restore → continue equals an uninterrupted run, bit for bit (cpu)', () => {
  for (const [preset, options] of configs) {
    for (const via of ['getWeights/setWeights', 'toJson/loadJson'] as const) {
      it(`${preset} ${Object.keys(options).join(',')} via ${via}`, async () => {
        const total = 40;
        const cut = 17;
        const make = () => new TricksOptimizer(buildPreset('test', preset, options));
        const ref = makeVars('ref');
        const refOpt = make();
        steps(refOpt, ref, 0, total);

        const a = makeVars('run');
        const optA = make();
        steps(optA, a, 0, cut);
        const saved = via === 'getWeights/setWeights' ? await optA.getWeights() : null;
        const json =
          via === 'toJson/loadJson'
            ? (JSON.parse(JSON.stringify(optA.toJson())) as TricksOptimizerJson)
            : null;
        const values = a.map((v) => v.dataSync().slice() as Float32Array);
        optA.dispose();
        tf.dispose(a);

        const b = makeVars('run', values);
        const optB = make();
        if (saved !== null) {
          await optB.setWeights(saved);
          tf.dispose(saved.map((w) => w.tensor));
        } else {
          optB.loadJson(json!);
        }
        steps(optB, b, cut, total);
        expect(optB.iterations).toBe(total);
        expect(optB.step).toBe(refOpt.step);
        expect(bits(b)).toEqual(bits(ref));
        for (const o of [refOpt, optB]) o.dispose();
        tf.dispose([...ref, ...b]);
      });
    }
  }
});
