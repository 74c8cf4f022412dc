import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { TricksError } from '@tftricks/core';
import { describe, expect, it } from 'vitest';
import { bits } from '../test/model-checks';
import { loadBackbone } from './load-backbone';
import { registerModelLayers } from './register-layers';
import { resnet } from './resnet';
import { vitTiny } from './vit-tiny';

async function saveToMemory(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}

describe('loadBackbone', () => {
  it('loads artifacts or an IOHandler and cuts at a named layer with identical features', async () => {
    const model = resnet({ inputShape: [16, 16, 1], numClasses: 3, depth: 8, width: 4, seed: 1 });
    const artifacts = await saveToMemory(model);
    const reference = tfl.model({
      inputs: model.inputs,
      outputs: model.getLayer('stage1_block0_out').output as tfl.SymbolicTensor,
    });
    const x = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 3);
    const want = reference.predict(x) as tf.Tensor;
    for (const source of [artifacts, tf.io.fromMemory(artifacts)]) {
      const cut = await loadBackbone(source, { cutAt: 'stage1_block0_out' });
      expect(cut.outputs[0]!.shape).toEqual([null, 8, 8, 8]);
      expect(cut.layers.some((l) => l.name === 'logits')).toBe(false);
      const got = cut.predict(x) as tf.Tensor;
      expect(bits(got)).toEqual(bits(want));
      got.dispose();
      cut.dispose();
    }
    const whole = await loadBackbone(artifacts);
    expect(whole.countParams()).toBe(model.countParams());
    whole.dispose();
    tf.dispose([x, want]);
    model.dispose();
  });

  it('loads models with tftricks custom layers', async () => {
    expect(registerModelLayers()).toContain('TricksMultiHeadSelfAttention');
    const model = vitTiny({
      inputShape: [8, 8, 1],
      numClasses: 3,
      patchSize: 4,
      dim: 8,
      depth: 1,
      numHeads: 2,
      seed: 2,
    });
    const cut = await loadBackbone(await saveToMemory(model), { cutAt: 'features' });
    expect(cut.outputs[0]!.shape).toEqual([null, 8]);
    cut.dispose();
    model.dispose();
  });

  it('names the layers it knows when cutAt is unknown; rejects bad sources', async () => {
    const model = resnet({ inputShape: [16, 16, 1], numClasses: 3, depth: 8, width: 4 });
    const artifacts = await saveToMemory(model);
    await expect(loadBackbone(artifacts, { cutAt: 'conv5_block3_out' })).rejects.toThrow(
      /loadBackbone: argument 'options.cutAt' expected a layer name of the loaded model \(images, stem_conv, .*got "conv5_block3_out"/,
    );
    await expect(loadBackbone(42 as never)).rejects.toThrow(TricksError);
    model.dispose();
  });
});
