import golden from '@golden/losses/penalty.json';
import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaks, maxRelativeError } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { tolerance } from './golden-support';
import { l1Penalty, l2Penalty } from './weight-penalty';

const c = golden.cases[0]!;

describe('l1Penalty / l2Penalty', () => {
  it('equal torch sums over rank > 1 tensors, with torch gradients (rank ≤ 1 get none)', async () => {
    const vars = c.tensors.map((t, i) => tf.variable(tf.tensor(t, c.shapes[i]), true, `layer${i}/kernel`));
    const l1 = await expectNoLeaks(() => l1Penalty(vars));
    const l2 = await expectNoLeaks(() => l2Penalty(vars));
    expect(maxRelativeError(l1.dataSync(), c.l1)).toBeLessThanOrEqual(tolerance());
    expect(maxRelativeError(l2.dataSync(), c.l2)).toBeLessThanOrEqual(tolerance());
    for (const [fn, want] of [
      [l1Penalty, c.l1Grad],
      [l2Penalty, c.l2Grad],
    ] as const) {
      const { value, grads } = tf.variableGrads(() => fn(vars));
      vars.forEach((v, i) => {
        const g = grads[v.name];
        // Excluded (rank ≤ 1) variables get no gradient from the penalty.
        if (c.shapes[i]!.length <= 1)
          expect(g === undefined || g.dataSync().every((x) => x === 0)).toBe(true);
        else expect(maxRelativeError(g!.dataSync(), want[i]!)).toBeLessThanOrEqual(tolerance());
      });
      tf.dispose([value, ...Object.values(grads)]);
    }
    tf.dispose([l1, l2, ...vars]);
  });

  it('masks by predicate, name pattern and exclude; coefficient scales', () => {
    const map = Object.fromEntries(c.tensors.map((t, i) => [`w${i}`, tf.tensor(t, c.shapes[i])]));
    const all = l1Penalty(map, { mask: () => true });
    expect(maxRelativeError(all.dataSync(), c.l1All)).toBeLessThanOrEqual(tolerance());
    const all2 = l2Penalty(map, { mask: /^w/, coefficient: 0.5 });
    expect(maxRelativeError(all2.dataSync(), 0.5 * c.l2All)).toBeLessThanOrEqual(tolerance());
    const none = l2Penalty(map, { exclude: /.*/ });
    expect(none.dataSync()[0]).toBe(0);
    expect(() => l2Penalty(map, { coefficient: -1 })).toThrow(/l2Penalty: argument 'options.coefficient'/);
    expect(() => l1Penalty(tf.keep(tf.ones([2, 2])) as never)).toThrow(/l1Penalty: argument 'params'/);
    expect(() => l1Penalty([tf.keep(tf.ones([2, 2])), 3 as never])).toThrow(/argument 'params\[1\]'/);
    tf.dispose([all, all2, none, ...Object.values(map)]);
  });
});
