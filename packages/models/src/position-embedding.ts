import * as tf from '@tensorflow/tfjs-core';
import type { LayerVariable } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import { assertInteger, TricksError } from '@tftricks/core';

/** Arguments of {@link PositionEmbedding}. */
export interface PositionEmbeddingArgs extends LayerArgs {
  /** Seed of the truncated-normal (σ = 0.02) initialiser; omit for unseeded. */
  seed?: number;
}

/**
 * Adds a learned position embedding `[1, T, D]` to tokens `[N, T, D]` (T·D parameters; T
 * must be known when built). Serialised as `TricksPositionEmbedding`.
 */
export class PositionEmbedding extends tfl.layers.Layer {
  static className = 'TricksPositionEmbedding';
  readonly seed: number | undefined;
  private embedding: LayerVariable | null = null;

  constructor(args: PositionEmbeddingArgs = {}) {
    super(args);
    if (args.seed !== undefined && args.seed !== null)
      assertInteger('PositionEmbedding', 'args.seed', args.seed, 0);
    this.seed = args.seed ?? undefined;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    if (s.length !== 3 || s[1] == null || s[2] == null) {
      throw new TricksError(
        'PositionEmbedding',
        'inputs',
        'tokens [N, T, D] with known T and D',
        `shape [${s.join(', ')}]`,
      );
    }
    this.embedding = this.addWeight(
      'embedding',
      [1, s[1], s[2]],
      'float32',
      tfl.initializers.truncatedNormal({ stddev: 0.02, seed: this.seed }),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.add(Array.isArray(inputs) ? inputs[0]! : inputs, this.embedding!.read()));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed ?? null };
  }
}
tf.serialization.registerClass(PositionEmbedding);
