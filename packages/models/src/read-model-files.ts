import type * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';

interface ModelJson {
  modelTopology: object;
  weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: tf.io.TrainingConfig;
  userDefinedMetadata?: tf.io.ModelArtifacts['userDefinedMetadata'];
}

/** True in Node (where a bare path names a file) rather than a browser (where it is a URL). */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return (
    typeof p?.versions?.node === 'string' &&
    typeof (globalThis as { window?: unknown }).window === 'undefined'
  );
}

/**
 * Node only: reads a tfjs LayersModel saved as `model.json` + weight shards (the
 * tensorflowjs_converter / `model.save('file://…')` layout) into in-memory artifacts. `path`
 * is the model.json file, its directory, or a `file://` URL. `node:fs` is imported lazily by
 * a computed specifier, so browser bundles never see it.
 */
export async function readModelFiles(path: string): Promise<tf.io.ModelArtifacts> {
  const fsName = 'node:fs/promises';
  const urlName = 'node:url';
  const fs = (await import(
    /* @vite-ignore */ /* webpackIgnore: true */ fsName
  )) as typeof import('node:fs/promises');
  let file = path;
  if (file.startsWith('file://')) {
    const url = (await import(
      /* @vite-ignore */ /* webpackIgnore: true */ urlName
    )) as typeof import('node:url');
    file = url.fileURLToPath(file);
  }
  const stat = await fs.stat(file).catch(() => null);
  if (!stat)
    throw new TricksError(
      'loadBackbone',
      'source',
      'an existing model.json file or directory',
      JSON.stringify(path),
    );
  if (stat.isDirectory()) file = `${file.replace(/[\\/]+$/, '')}/model.json`;
  const dir = file.slice(0, Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  let json: ModelJson;
  try {
    json = JSON.parse(await fs.readFile(file, 'utf8')) as ModelJson;
  } catch (e) {
    throw new TricksError(
      'loadBackbone',
      'source',
      'a readable tfjs model.json',
      `${JSON.stringify(file)} (${(e as Error).message})`,
    );
  }
  if (!json || typeof json.modelTopology !== 'object') {
    throw new TricksError(
      'loadBackbone',
      'source',
      'a tfjs LayersModel model.json with modelTopology',
      JSON.stringify(file),
    );
  }
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Uint8Array[] = [];
  for (const group of json.weightsManifest ?? []) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) buffers.push(new Uint8Array(await fs.readFile(dir + p)));
  }
  const total = buffers.reduce((a, b) => a + b.byteLength, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    weightData.set(b, offset);
    offset += b.byteLength;
  }
  return {
    modelTopology: json.modelTopology,
    weightSpecs,
    weightData: weightData.buffer,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? undefined,
    trainingConfig: json.trainingConfig,
    userDefinedMetadata: json.userDefinedMetadata,
  };
}
