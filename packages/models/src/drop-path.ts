import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';
import { CallSeeds, checkDropArgs, isTraining, scaledBernoulliMask } from './dropout-mask';

/** Arguments of {@link DropPath}. */
export interface DropPathArgs extends LayerArgs {
  /** Probability in [0, 1) of dropping a sample's whole residual branch. */
  rate: number;
  /** Integer seed ≥ 0; call t of a seeded layer uses seed + t. Omit for unseeded. */
  seed?: number;
}

/**
 * Stochastic depth (drop-path, Huang et al. 2016): in training, each sample's input is
 * zeroed with probability `rate` and otherwise scaled by 1 / (1 − rate); at inference it is
 * the identity. Put it on a residual branch before the addition. Any rank; the mask has shape
 * [N, 1, …, 1]. Serialised as `TricksDropPath`.
 */
export class DropPath extends tfl.layers.Layer {
  static className = 'TricksDropPath';
  readonly rate: number;
  readonly seed: number | undefined;
  private readonly seeds: CallSeeds;

  constructor(args: DropPathArgs) {
    super(args);
    checkDropArgs('DropPath', args?.rate, args?.seed);
    this.rate = args.rate;
    this.seed = args.seed ?? undefined;
    this.seeds = new CallSeeds(this.seed);
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!isTraining(kwargs) || this.rate === 0) return x;
    return tf.tidy(() => {
      const shape = [x.shape[0]!, ...x.shape.slice(1).map(() => 1)];
      return tf.mul(x, scaledBernoulliMask(shape, 1 - this.rate, this.seeds.next()));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed ?? null };
  }
}
tf.serialization.registerClass(DropPath);

/** Creates a {@link DropPath} layer (stochastic depth). */
export function dropPath(args: DropPathArgs): DropPath {
  return new DropPath(args);
}
