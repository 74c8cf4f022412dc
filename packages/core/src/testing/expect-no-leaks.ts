import * as tf from '@tensorflow/tfjs-core';

/** Counts the distinct live tensors inside any value (tensor, array, object, Map). */
export function countTensors(value: unknown, seen: Set<number> = new Set()): number {
  if (value instanceof tf.Tensor) {
    if (value.isDisposed || seen.has(value.id)) return 0;
    // Variables and plain tensors are both counted by tf.memory().numTensors.
    seen.add(value.id);
    return 1;
  }
  if (value === null || typeof value !== 'object') return 0;
  if (ArrayBuffer.isView(value)) return 0;
  let n = 0;
  const items =
    value instanceof Map ? [...value.values()] : Array.isArray(value) ? value : Object.values(value);
  for (const item of items) n += countTensors(item, seen);
  return n;
}

/**
 * Runs `fn` and throws unless `tf.memory().numTensors` afterwards equals the count before
 * plus the tensors `fn` returned (found anywhere inside its result). Returns the result, so
 * the caller can assert on it and dispose it.
 */
export async function expectNoLeaks<T>(fn: () => T | Promise<T>, label = 'function'): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const returned = countTensors(result);
  const after = tf.memory().numTensors;
  if (after !== before + returned) {
    throw new Error(
      `expectNoLeaks(${label}): ${after - before - returned} tensor(s) leaked ` +
        `(before ${before}, after ${after}, returned ${returned})`,
    );
  }
  return result;
}

/** Disposes every tensor found inside `value` (tensor, array, object, Map). */
export function disposeAll(value: unknown): void {
  if (value instanceof tf.Tensor) {
    if (!value.isDisposed) value.dispose();
    return;
  }
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
  const items =
    value instanceof Map ? [...value.values()] : Array.isArray(value) ? value : Object.values(value);
  for (const item of items) disposeAll(item);
}
