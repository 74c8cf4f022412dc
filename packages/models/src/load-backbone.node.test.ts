import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { TricksError } from '@tftricks/core';
import { describe, expect, it } from 'vitest';
import { bits, tinyBatch, trainSteps } from '../test/model-checks';
import { freeze } from './freeze';
import { loadBackbone } from './load-backbone';
import { simpleCnn } from './simple-cnn';
import { withHead } from './with-head';

/** Writes the tensorflowjs_converter layout (model.json + two weight shards) by hand. */
async function saveToDir(model: tfl.LayersModel, dir: string): Promise<void> {
  let a: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (x) => {
      a = x;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const data = new Uint8Array(a!.weightData as ArrayBuffer);
  const half = Math.floor(data.byteLength / 8) * 4;
  await writeFile(join(dir, 'group1-shard1of2.bin'), data.subarray(0, half));
  await writeFile(join(dir, 'group1-shard2of2.bin'), data.subarray(half));
  const json = {
    format: 'layers-model',
    generatedBy: a!.generatedBy,
    convertedBy: null,
    modelTopology: a!.modelTopology,
    weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: a!.weightSpecs }],
  };
  await writeFile(join(dir, 'model.json'), JSON.stringify(json));
}

describe('loadBackbone (Node files)', () => {
  it('reads model.json + shards from a path, a directory or a file:// URL, cuts, and fine-tunes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tftricks-models-'));
    try {
      const model = simpleCnn({
        inputShape: [16, 16, 1],
        numClasses: 3,
        widths: [4, 8],
        convsPerStage: 1,
        seed: 6,
      });
      await saveToDir(model, dir);
      expect((await readdir(dir)).sort()).toEqual([
        'group1-shard1of2.bin',
        'group1-shard2of2.bin',
        'model.json',
      ]);
      const x = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 1);
      const want = model.predict(x) as tf.Tensor;
      for (const source of [join(dir, 'model.json'), dir, pathToFileURL(join(dir, 'model.json')).href]) {
        const loaded = await loadBackbone(source);
        const got = loaded.predict(x) as tf.Tensor;
        expect(bits(got)).toEqual(bits(want));
        got.dispose();
        loaded.dispose();
      }
      // Fine-tune: cut at the pooled features, new head, frozen backbone stays bit-identical.
      const backbone = await loadBackbone(dir, { cutAt: 'features' });
      const tuned = withHead(backbone, { hidden: [8], numClasses: 4, seed: 1 });
      freeze(tuned, /^stage/);
      const before = tuned.getLayer('stage1_conv0').getWeights().map(bits);
      const batch = tinyBatch(4, [16, 16, 1], 4);
      const { losses } = trainSteps(tuned, batch.x, batch.y, 3);
      expect(losses[2]!).toBeLessThan(losses[0]!);
      expect(tuned.getLayer('stage1_conv0').getWeights().map(bits)).toEqual(before);
      tf.dispose([x, want, batch.x, batch.y]);
      model.dispose();
      tuned.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports a missing path as a TricksError', async () => {
    await expect(loadBackbone('/nonexistent/tftricks/model.json')).rejects.toThrow(TricksError);
  });
});
