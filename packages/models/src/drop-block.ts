import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';
import { assertInteger, TricksError } from '@tftricks/core';
import { CallSeeds, checkDropArgs, isTraining } from './dropout-mask';

/** Arguments of {@link DropBlock}. */
export interface DropBlockArgs extends LayerArgs {
  /** Target fraction in [0, 1) of activations to drop (1 − keep_prob of the paper). */
  rate: number;
  /** Side of the square blocks, integer ≥ 1 and ≤ H, W; default 3 (the paper uses 7 at 14×14+). */
  blockSize?: number;
  /** Integer seed ≥ 0; call t of a seeded layer uses seed + t. Omit for unseeded. */
  seed?: number;
}

/**
 * The seed rate γ of DropBlock (Ghiasi et al. 2018, eq. 1) for an H×W map:
 * γ = rate / b² · H·W / ((H − b + 1)(W − b + 1)). Block centres are only drawn where the whole
 * b×b block fits, so blocks overlap and the realised drop fraction is a little below `rate`:
 * position (i, j) is kept with probability (1 − γ)^(n_i·n_j), n_i = valid centres covering i.
 */
export function dropBlockGamma(rate: number, blockSize: number, h: number, w: number): number {
  return ((rate / (blockSize * blockSize)) * (h * w)) / ((h - blockSize + 1) * (w - blockSize + 1));
}

/**
 * DropBlock for NHWC maps `[N, H, W, C]`: in training, zeroes contiguous b×b blocks
 * (independently per sample and channel) and rescales by count / Σmask so the mean
 * activation is preserved, as timm does. Identity at inference. Serialised as `TricksDropBlock`.
 */
export class DropBlock extends tfl.layers.Layer {
  static className = 'TricksDropBlock';
  readonly rate: number;
  readonly blockSize: number;
  readonly seed: number | undefined;
  private readonly seeds: CallSeeds;

  constructor(args: DropBlockArgs) {
    super(args);
    checkDropArgs('DropBlock', args?.rate, args?.seed);
    const b = args.blockSize ?? 3;
    assertInteger('DropBlock', 'args.blockSize', b, 1);
    this.rate = args.rate;
    this.blockSize = b;
    this.seed = args.seed ?? undefined;
    this.seeds = new CallSeeds(this.seed);
  }

  private checkShape(shape: readonly (number | null)[]): void {
    if (shape.length !== 4)
      throw new TricksError('DropBlock', 'inputs', 'a rank-4 NHWC input', `shape [${shape.join(', ')}]`);
    const [, h, w] = shape;
    if ((h != null && h < this.blockSize) || (w != null && w < this.blockSize)) {
      throw new TricksError(
        'DropBlock',
        'args.blockSize',
        `at most the map size ${h}×${w}`,
        `${this.blockSize}`,
      );
    }
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    this.checkShape((Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape);
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    this.checkShape(x.shape);
    if (!isTraining(kwargs) || this.rate === 0) return x;
    return tf.tidy(() => {
      const mask = dropBlockMask(
        x.shape as [number, number, number, number],
        this.rate,
        this.blockSize,
        this.seeds.next(),
      );
      const scale = tf.div(mask.size, tf.add(tf.sum(mask), 1e-7));
      return tf.mul(tf.mul(x, mask), scale);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, blockSize: this.blockSize, seed: this.seed ?? null };
  }
}
tf.serialization.registerClass(DropBlock);

/**
 * The {0, 1} keep mask of DropBlock, shape `[N, H, W, C]`: Bernoulli(γ) centres on the
 * valid region, grown to b×b blocks by a stride-1 max-pool ('same' padding puts
 * ⌊(b − 1)/2⌋ rows of padding on top, so centres at rows b − 1 − pad … H − 1 − pad fit).
 */
export function dropBlockMask(
  shape: [number, number, number, number],
  rate: number,
  b: number,
  seed?: number,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = shape;
    const gamma = dropBlockGamma(rate, b, h, w);
    const pad = Math.floor((b - 1) / 2);
    const valid = (size: number) =>
      Array.from({ length: size }, (_, i) => (i >= b - 1 - pad && i <= size - 1 - pad ? 1 : 0));
    const validMap = tf.mul(tf.tensor4d(valid(h), [1, h, 1, 1]), tf.tensor4d(valid(w), [1, 1, w, 1]));
    const centres = tf.mul(
      tf.cast(tf.less(tf.randomUniform([n, h, w, c], 0, 1, 'float32', seed), gamma), 'float32'),
      validMap,
    );
    const blocks = b === 1 ? centres : tf.maxPool(centres as tf.Tensor4D, b, 1, 'same');
    return tf.sub(1, blocks) as tf.Tensor4D;
  });
}

/** Creates a {@link DropBlock} layer. */
export function dropBlock(args: DropBlockArgs): DropBlock {
  return new DropBlock(args);
}
