// Shared checks for the builder tests: closed-form parameter counts, tiny training runs,
// save → load round trips. Not a test file itself.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Parameters of a k×k conv from cin to cout channels (groups split cin). */
export function convParams(k: number, cin: number, cout: number, bias: boolean, groups = 1): number {
  return k * k * (cin / groups) * cout + (bias ? cout : 0);
}
/** BatchNorm: gamma, beta (trainable) + moving mean, moving variance. */
export function bnParams(c: number): number {
  return 4 * c;
}
export function denseParams(fin: number, fout: number, bias = true): number {
  return fin * fout + (bias ? fout : 0);
}
/** Depthwise k×k conv without bias. */
export function depthwiseParams(k: number, c: number): number {
  return k * k * c;
}

/** Deterministic inputs in [0, 1] and one-hot targets. */
export function tinyBatch(
  n: number,
  shape: [number, number, number],
  k: number,
  seed = 1,
): { x: tf.Tensor4D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.randomUniform([n, ...shape], 0, 1, 'float32', seed) as tf.Tensor4D;
    const labels = tf.tensor1d(
      Array.from({ length: n }, (_, i) => i % k),
      'int32',
    );
    const y = tf.cast(tf.oneHot(labels, k), 'float32') as tf.Tensor2D;
    return { x, y };
  });
}

/**
 * Runs `steps` Adam steps of softmax cross-entropy on one fixed batch (memorisation), and
 * returns the losses. The tensor count must stay flat across steps.
 */
export function trainSteps(
  model: tfl.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  steps: number,
  optimizer: tf.Optimizer = tf.train.adam(0.01),
): { losses: number[]; tensorCounts: number[] } {
  const losses: number[] = [];
  const tensorCounts: number[] = [];
  for (let i = 0; i < steps; i++) {
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      true,
      model.trainableWeights.map((w) => w.read() as tf.Variable),
    );
    losses.push(loss!.dataSync()[0]!);
    loss!.dispose();
    tensorCounts.push(tf.memory().numTensors);
  }
  return { losses, tensorCounts };
}

/** Saves to memory and loads back (exercises getConfig / registerClass of custom layers). */
export async function roundTrip(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  // JSON round trip of the topology, as a file would do.
  const artifacts = { ...saved!, modelTopology: JSON.parse(JSON.stringify(saved!.modelTopology)) };
  return tfl.loadLayersModel(tf.io.fromMemory(artifacts));
}

/** Bits of a float tensor, for exact comparisons. */
export function bits(t: tf.Tensor): number[] {
  return Array.from(new Uint32Array(Float32Array.from(t.dataSync()).buffer));
}

export function countParams(model: tfl.LayersModel): { total: number; trainable: number } {
  const size = (ws: tfl.LayerVariable[]) =>
    ws.reduce((a, w) => a + (w.shape as number[]).reduce((p, d) => p * d, 1), 0);
  return { total: model.countParams(), trainable: size(model.trainableWeights) };
}
