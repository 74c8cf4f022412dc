import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { readModelFiles } from '@tftricks/models';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../build-model';
import { saveModelFiles } from './save-model-files';

describe('saveModelFiles', () => {
  it('writes model.json + weights.bin that load back into the same model (same predictions)', async () => {
    const model = buildModel({ type: 'simpleCnn', widths: [4], convsPerStage: 1 }, [8, 8, 1], 3, 4);
    const dir = join(mkdtempSync(join(tmpdir(), 'tftricks-save-')), 'model');
    const file = await saveModelFiles(model, dir);
    expect(file).toBe(join(dir, 'model.json'));
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    const bytes = readFileSync(join(dir, 'weights.bin')).length;
    expect(bytes).toBe(4 * model.getWeights().reduce((n, w) => n + w.size, 0));
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(await readModelFiles(dir)));
    const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 1);
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });
});
