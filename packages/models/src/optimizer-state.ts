import * as tf from '@tensorflow/tfjs-core';
import { describeValue, TricksError } from '@tftricks/core';

/** One named state tensor, as `Optimizer.getWeights()` returns them. */
interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/**
 * Re-keys an optimizer's per-variable state after the set of trained variables changed.
 *
 * tfjs-core's optimizers (Adam, Adamax, RMSProp, Momentum, Adagrad, Adadelta) keep slot
 * variables in arrays indexed by the position of each variable in the update list, named
 * `<variable>/<slot>`. Unfreezing layers nearer the input inserts variables *before* the
 * head's, so without realignment Adam would apply the head's moments to other weights. This
 * reads the state (`getWeights`), keeps each surviving variable's slots bit-for-bit, gives
 * new variables fresh slots (zeros; Adagrad's initial accumulator value), drops the slots of
 * variables no longer trained, and writes it back (`setWeights`) in the new order. The
 * iteration count is kept.
 *
 * `previous` and `next` are variable names in update order (see `trainableVariableNames`).
 * Returns `false` (and changes nothing) when the optimizer holds no per-variable state yet,
 * keeps none (SGD), or keys its state by name rather than position (its slot names do not
 * follow `previous`), e.g. an optax-style optimizer over a NamedTensorMap.
 */
export async function realignOptimizerState(
  optimizer: tf.Optimizer,
  previous: readonly string[],
  next: readonly string[],
): Promise<boolean> {
  const fn = 'realignOptimizerState';
  if (optimizer === null || typeof optimizer !== 'object' || typeof optimizer.getWeights !== 'function') {
    throw new TricksError(fn, 'optimizer', 'a tf.Optimizer', describeValue(optimizer));
  }
  if (previous.length === next.length && previous.every((n, i) => n === next[i])) return false;
  let weights: NamedTensor[];
  try {
    weights = await optimizer.getWeights();
  } catch {
    return false; // optimizer without getWeights support
  }
  const [iterations, ...slots] = weights;
  // On bail-out, free what getWeights handed over: tfjs-core returns its live slot variables
  // (not ours to free) plus a fresh `iter` scalar; name-keyed optimizers may return copies.
  const dispose = () =>
    tf.dispose(weights.filter((w) => !(w.tensor instanceof tf.Variable)).map((w) => w.tensor));
  if (!iterations || slots.length === 0 || previous.length === 0 || slots.length % previous.length !== 0) {
    dispose();
    return false;
  }
  const groups = slots.length / previous.length;
  const suffixes: string[] = [];
  for (let g = 0; g < groups; g++) {
    for (let i = 0; i < previous.length; i++) {
      const name = slots[g * previous.length + i]!.name;
      const prefix = `${previous[i]}/`;
      if (!name.startsWith(prefix)) {
        dispose();
        return false; // not positional state over `previous`
      }
      const suffix = name.slice(prefix.length);
      if (i === 0) suffixes.push(suffix);
      else if (suffix !== suffixes[g]) {
        dispose();
        return false;
      }
    }
  }
  const config = optimizer.getConfig() as { initialAccumulatorValue?: unknown };
  const created: tf.Tensor[] = [];
  const out: NamedTensor[] = [iterations];
  suffixes.forEach((suffix, g) => {
    for (const name of next) {
      const j = previous.indexOf(name);
      if (j >= 0) {
        out.push(slots[g * previous.length + j]!);
        continue;
      }
      const variable = tf.engine().registeredVariables[name];
      if (!variable)
        throw new TricksError(
          fn,
          'next',
          'names of registered variables',
          `unknown variable ${JSON.stringify(name)}`,
        );
      const init =
        suffix === 'accumulator' && typeof config.initialAccumulatorValue === 'number'
          ? config.initialAccumulatorValue
          : 0;
      const t = tf.fill(variable.shape, init);
      created.push(t);
      out.push({ name: `${name}/${suffix}`, tensor: t });
    }
  });
  await optimizer.setWeights(out);
  // setWeights copies into new variables; the old slot variables and our temporaries go.
  tf.dispose([iterations.tensor, ...slots.map((s) => s.tensor), ...created]);
  return true;
}
