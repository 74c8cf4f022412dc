import * as tf from '@tensorflow/tfjs-core';
import type { LayerVariable } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import { assertInteger, TricksError } from '@tftricks/core';

/** Arguments of {@link MultiHeadSelfAttention}. */
export interface MultiHeadSelfAttentionArgs extends LayerArgs {
  /** Number of heads h ≥ 1; the token width D must be divisible by h. */
  numHeads: number;
  /** Seed of the Glorot-uniform kernel initialisers; omit for unseeded. */
  seed?: number;
}

/**
 * Multi-head self-attention (Vaswani et al. 2017, as in ViT) on tokens `[N, T, D]`:
 * a fused q/k/v projection `[D, 3D]` (+ bias), softmax(q·kᵀ / √(D/h)) per head, and an output
 * projection `[D, D]` (+ bias). Parameters 4D² + 4D. Output `[N, T, D]`. Only rank-4
 * transposes, so every backend runs it. Serialised as `TricksMultiHeadSelfAttention`.
 */
export class MultiHeadSelfAttention extends tfl.layers.Layer {
  static className = 'TricksMultiHeadSelfAttention';
  readonly numHeads: number;
  readonly seed: number | undefined;
  private qkvKernel: LayerVariable | null = null;
  private qkvBias: LayerVariable | null = null;
  private outKernel: LayerVariable | null = null;
  private outBias: LayerVariable | null = null;

  constructor(args: MultiHeadSelfAttentionArgs) {
    super(args);
    assertInteger('MultiHeadSelfAttention', 'args.numHeads', args?.numHeads, 1);
    if (args.seed !== undefined && args.seed !== null)
      assertInteger('MultiHeadSelfAttention', 'args.seed', args.seed, 0);
    this.numHeads = args.numHeads;
    this.seed = args.seed ?? undefined;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const d = s[2];
    if (s.length !== 3 || d == null || d % this.numHeads !== 0) {
      throw new TricksError(
        'MultiHeadSelfAttention',
        'inputs',
        `tokens [N, T, D] with D divisible by numHeads = ${this.numHeads}`,
        `shape [${s.join(', ')}]`,
      );
    }
    const seed2 = this.seed === undefined ? undefined : this.seed + 1;
    this.qkvKernel = this.addWeight(
      'qkv_kernel',
      [d, 3 * d],
      'float32',
      tfl.initializers.glorotUniform({ seed: this.seed }),
    );
    this.qkvBias = this.addWeight('qkv_bias', [3 * d], 'float32', tfl.initializers.zeros());
    this.outKernel = this.addWeight(
      'out_kernel',
      [d, d],
      'float32',
      tfl.initializers.glorotUniform({ seed: seed2 }),
    );
    this.outBias = this.addWeight('out_bias', [d], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const [n, t, d] = x.shape as [number, number, number];
      const h = this.numHeads;
      const dh = d / h;
      const qkv = tf.add(
        tf.matMul(tf.reshape(x, [n * t, d]), this.qkvKernel!.read() as tf.Tensor2D),
        this.qkvBias!.read(),
      );
      // [N·T, D] → [N·h, T, D/h]
      const heads = (m: tf.Tensor) =>
        tf.reshape(tf.transpose(tf.reshape(m, [n, t, h, dh]), [0, 2, 1, 3]), [n * h, t, dh]);
      const [q, k, v] = tf.split(qkv, 3, 1).map(heads) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
      const attention = tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh)));
      const o = tf.matMul(attention, v);
      const merged = tf.reshape(tf.transpose(tf.reshape(o, [n, h, t, dh]), [0, 2, 1, 3]), [n * t, d]);
      const out = tf.add(tf.matMul(merged, this.outKernel!.read() as tf.Tensor2D), this.outBias!.read());
      return tf.reshape(out, [n, t, d]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), numHeads: this.numHeads, seed: this.seed ?? null };
  }
}
tf.serialization.registerClass(MultiHeadSelfAttention);
