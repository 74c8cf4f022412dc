import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import { assertInteger, TricksError } from '@tftricks/core';

/** Arguments of {@link PatchMerging}. */
export interface PatchMergingArgs extends LayerArgs {
  /** Token grid [H, W] of the input (H, W even). */
  resolution: [number, number];
}

/**
 * Swin's patch merging without its linear layer: tokens `[N, H·W, C]` on an H×W grid →
 * `[N, (H/2)·(W/2), 4C]`, each new token the concatenation of a 2×2 neighbourhood (channel
 * order: row offset, column offset, channel). Follow it with LayerNorm and a 4C → 2C dense
 * layer. No parameters. Serialised as `TricksPatchMerging`.
 */
export class PatchMerging extends tfl.layers.Layer {
  static className = 'TricksPatchMerging';
  readonly resolution: [number, number];

  constructor(args: PatchMergingArgs) {
    super(args);
    const res = args?.resolution;
    if (!Array.isArray(res) || res.length !== 2)
      throw new TricksError('PatchMerging', 'args.resolution', '[H, W]', String(res));
    assertInteger('PatchMerging', 'args.resolution[0]', res[0], 2);
    assertInteger('PatchMerging', 'args.resolution[1]', res[1], 2);
    if (res[0] % 2 !== 0 || res[1] % 2 !== 0)
      throw new TricksError('PatchMerging', 'args.resolution', 'an even H and W', `[${res.join(', ')}]`);
    this.resolution = [res[0], res[1]];
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const [h, w] = this.resolution;
    if (s.length !== 3 || s[1] !== h * w || s[2] == null) {
      throw new TricksError('PatchMerging', 'inputs', `tokens [N, ${h * w}, C]`, `shape [${s.join(', ')}]`);
    }
    return [s[0] ?? null, (h / 2) * (w / 2), 4 * s[2]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const [b, , c] = x.shape as [number, number, number];
      const [h, w] = this.resolution;
      // [B, H, W, C] viewed as [B·H/2, 2, W/2, 2C] → [B·H/2, W/2, 2, 2C] → [B, H/2·W/2, 4C].
      return tf.reshape(tf.transpose(tf.reshape(x, [b * (h / 2), 2, w / 2, 2 * c]), [0, 2, 1, 3]), [
        b,
        (h / 2) * (w / 2),
        4 * c,
      ]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), resolution: this.resolution };
  }
}
tf.serialization.registerClass(PatchMerging);
