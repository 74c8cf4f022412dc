import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * Node: saves a tfjs-layers model as `dir/model.json` + `dir/weights.bin`, the layout of
 * `model.save('file://dir')` (which needs tfjs-node). `tf.loadLayersModel` (served over HTTP)
 * and `loadBackbone(dir)` of @tftricks/models read it back.
 *
 * @returns the path of model.json.
 */
export async function saveModelFiles(model: tfl.LayersModel, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'model.json');
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData
        ? new Uint8Array(tf.io.concatenateArrayBuffers([artifacts.weightData].flat()))
        : new Uint8Array(0);
      await writeFile(join(dir, 'weights.bin'), weights);
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFile(file, JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return file;
}
