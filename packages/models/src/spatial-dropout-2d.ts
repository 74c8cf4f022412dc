import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';
import { TricksError } from '@tftricks/core';
import { CallSeeds, checkDropArgs, isTraining, scaledBernoulliMask } from './dropout-mask';

/** Arguments of {@link SpatialDropout2D}. */
export interface SpatialDropout2DArgs extends LayerArgs {
  /** Probability in [0, 1) of dropping a whole feature map (one channel of one sample). */
  rate: number;
  /** Integer seed ≥ 0; call t of a seeded layer uses seed + t. Omit for unseeded. */
  seed?: number;
}

/**
 * Keras' SpatialDropout2D for NHWC feature maps `[N, H, W, C]`: in training, whole channels
 * are zeroed with probability `rate` (mask shape [N, 1, 1, C]) and the rest scaled by
 * 1 / (1 − rate), because neighbouring pixels are correlated and per-pixel dropout barely
 * regularises convs. Identity at inference. Serialised as `TricksSpatialDropout2D`.
 */
export class SpatialDropout2D extends tfl.layers.Layer {
  static className = 'TricksSpatialDropout2D';
  readonly rate: number;
  readonly seed: number | undefined;
  private readonly seeds: CallSeeds;

  constructor(args: SpatialDropout2DArgs) {
    super(args);
    checkDropArgs('SpatialDropout2D', args?.rate, args?.seed);
    this.rate = args.rate;
    this.seed = args.seed ?? undefined;
    this.seeds = new CallSeeds(this.seed);
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    if (s.length !== 4)
      throw new TricksError('SpatialDropout2D', 'inputs', 'a rank-4 NHWC input', `shape [${s.join(', ')}]`);
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (x.rank !== 4)
      throw new TricksError(
        'SpatialDropout2D',
        'inputs',
        'a rank-4 NHWC tensor',
        `shape [${x.shape.join(', ')}]`,
      );
    if (!isTraining(kwargs) || this.rate === 0) return x;
    return tf.tidy(() =>
      tf.mul(x, scaledBernoulliMask([x.shape[0]!, 1, 1, x.shape[3]!], 1 - this.rate, this.seeds.next())),
    );
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed ?? null };
  }
}
tf.serialization.registerClass(SpatialDropout2D);

/** Creates a {@link SpatialDropout2D} layer. */
export function spatialDropout2d(args: SpatialDropout2DArgs): SpatialDropout2D {
  return new SpatialDropout2D(args);
}
