import * as tf from '@tensorflow/tfjs-core';
import type { LayerVariable } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import { assertInteger, TricksError } from '@tftricks/core';

/** Arguments of {@link ClassToken}. */
export interface ClassTokenArgs extends LayerArgs {
  /** Seed of the truncated-normal (σ = 0.02) initialiser; omit for unseeded. */
  seed?: number;
}

function tokenShape(fn: string, inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
  const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
  if (s.length !== 3 || s[2] == null)
    throw new TricksError(fn, 'inputs', 'tokens [N, T, D] with a known D', `shape [${s.join(', ')}]`);
  return s;
}

/**
 * Prepends ViT's learned class token: `[N, T, D]` → `[N, T + 1, D]` (D parameters).
 * Serialised as `TricksClassToken`.
 */
export class ClassToken extends tfl.layers.Layer {
  static className = 'TricksClassToken';
  readonly seed: number | undefined;
  private token: LayerVariable | null = null;

  constructor(args: ClassTokenArgs = {}) {
    super(args);
    if (args.seed !== undefined && args.seed !== null) assertInteger('ClassToken', 'args.seed', args.seed, 0);
    this.seed = args.seed ?? undefined;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const d = tokenShape('ClassToken', inputShape)[2]!;
    this.token = this.addWeight(
      'token',
      [1, 1, d],
      'float32',
      tfl.initializers.truncatedNormal({ stddev: 0.02, seed: this.seed }),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const s = tokenShape('ClassToken', inputShape);
    return [s[0] ?? null, s[1] == null ? null : s[1] + 1, s[2] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const token = tf.tile(this.token!.read(), [x.shape[0]!, 1, 1]);
      return tf.concat([token, x], 1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed ?? null };
  }
}
tf.serialization.registerClass(ClassToken);

/**
 * Reads the class token back out: `[N, T, D]` → `[N, D]` (token 0, the one
 * {@link ClassToken} prepended). No parameters. Serialised as `TricksClassTokenReadout`.
 */
export class ClassTokenReadout extends tfl.layers.Layer {
  static className = 'TricksClassTokenReadout';

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const s = tokenShape('ClassTokenReadout', inputShape);
    return [s[0] ?? null, s[2] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      return tf.reshape(tf.slice(x, [0, 0, 0], [-1, 1, -1]), [x.shape[0]!, x.shape[2]!]);
    });
  }
}
tf.serialization.registerClass(ClassTokenReadout);
