import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from './tricks-error';

/** True when tfjs-core's gradient registry is populated (bare tfjs-core leaves it empty). */
export function gradientsRegistered(): boolean {
  return tf.getGradient('Sum') !== undefined && tf.getGradient('Conv2D') !== undefined;
}

/**
 * Registers tfjs-core's gradients when nothing has yet. Bundlers (Vite, webpack, vitest) can
 * import `@tensorflow/tfjs-core/dist/register_all_gradients`; plain Node ESM cannot, so
 * there we fall back to `@tensorflow/tfjs-layers`, whose Node bundle registers the same set.
 */
export async function ensureGradients(): Promise<void> {
  if (gradientsRegistered()) return;
  try {
    await import('@tensorflow/tfjs-core/dist/register_all_gradients');
  } catch {
    // Plain Node ESM: the ESM dist uses extensionless imports. Try tfjs-layers instead.
  }
  if (gradientsRegistered()) return;
  try {
    const name = '@tensorflow/tfjs-layers';
    await import(/* @vite-ignore */ name);
  } catch {
    // Reported below.
  }
  if (!gradientsRegistered()) {
    throw new TricksError(
      'setupBackend',
      'gradients',
      "registered gradients (install @tensorflow/tfjs-layers, or import '@tensorflow/tfjs-core/dist/register_all_gradients')",
      'an empty gradient registry',
    );
  }
}
