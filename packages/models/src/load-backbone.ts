import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describeValue, TricksError } from '@tftricks/core';
import { isNode, readModelFiles } from './read-model-files';
import { registerModelLayers } from './register-layers';

/**
 * Where a saved tfjs LayersModel comes from:
 * - a URL (`http(s)://`, `indexeddb://`, `localstorage://`), or in browsers any relative URL;
 * - in Node, a path to `model.json` (or its directory, or a `file://` URL), read with
 *   `node:fs` — no tfjs-node needed;
 * - a `tf.io.IOHandler` (e.g. `tf.io.fromMemory(…)`, `tf.io.browserFiles(…)`);
 * - in-memory `tf.io.ModelArtifacts` (`{ modelTopology, weightSpecs, weightData }`).
 */
export type BackboneSource = string | tf.io.IOHandler | tf.io.ModelArtifacts;

/** Options of {@link loadBackbone}. */
export interface LoadBackboneOptions {
  /** Name of the layer whose output becomes the backbone's output (layers after it are dropped). */
  cutAt?: string;
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Loads a tfjs LayersModel (e.g. a Keras ResNet/EfficientNet converted with
 * tensorflowjs_converter, or a model saved by tftricks) and optionally cuts it at a named
 * layer, for fine-tuning with {@link withHead}, {@link freeze} and
 * {@link progressiveUnfreezing}. tftricks' custom layers are registered first. Resolves to a
 * model from the original inputs to `cutAt`'s output.
 */
export async function loadBackbone(
  source: BackboneSource,
  options: LoadBackboneOptions = {},
): Promise<tfl.LayersModel> {
  const fn = 'loadBackbone';
  registerModelLayers();
  let handler: string | tf.io.IOHandler;
  if (typeof source === 'string') {
    if (source.length === 0)
      throw new TricksError(fn, 'source', 'a URL, path, IOHandler or ModelArtifacts', '""');
    const fileLike = source.startsWith('file://') || !URL_SCHEME.test(source);
    handler = fileLike && isNode() ? tf.io.fromMemory(await readModelFiles(source)) : source;
  } else if (
    source !== null &&
    typeof source === 'object' &&
    typeof (source as tf.io.IOHandler).load === 'function'
  ) {
    handler = source as tf.io.IOHandler;
  } else if (
    source !== null &&
    typeof source === 'object' &&
    'modelTopology' in source &&
    source.modelTopology
  ) {
    handler = tf.io.fromMemory(source as tf.io.ModelArtifacts);
  } else {
    throw new TricksError(fn, 'source', 'a URL, path, IOHandler or ModelArtifacts', describeValue(source));
  }
  const model = await tfl.loadLayersModel(handler);
  if (options.cutAt === undefined) return model;
  const layer = model.layers.find((l) => l.name === options.cutAt);
  if (!layer) {
    const names = model.layers.map((l) => l.name);
    const shown =
      names.length > 12 ? `${names.slice(0, 12).join(', ')}, … (${names.length} layers)` : names.join(', ');
    model.dispose();
    throw new TricksError(
      fn,
      'options.cutAt',
      `a layer name of the loaded model (${shown})`,
      JSON.stringify(options.cutAt),
    );
  }
  return tfl.model({
    inputs: model.inputs,
    outputs: layer.output as tfl.SymbolicTensor,
    name: `${model.name}_cut_at_${layer.name}`,
  });
}
