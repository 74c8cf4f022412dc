// What torch_step.py builds a model's PyTorch twin from: the tfjs-layers graph (layers in
// topological order: class, config, inbound layers, shapes) as spec.json and the initial
// weights as float32 in weights.bin, so the twin has the same layers and the same weights by
// construction, not by a hand-written copy that can drift.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

type Shape = (number | null)[];

export interface WeightSpec {
  /** The variable's own name inside its layer: kernel, bias, gamma, moving_mean, depthwise_kernel, … */
  role: string;
  shape: number[];
  /** Offset in float32 elements into weights.bin. */
  offset: number;
}

export interface LayerSpec {
  name: string;
  className: string;
  config: tf.serialization.ConfigDict;
  /** Names of the layers whose outputs this one takes, in argument order. */
  inbound: string[];
  /** NHWC shapes, batch dimension null. */
  inputShapes: Shape[];
  outputShape: Shape;
  weights: WeightSpec[];
}

export interface ModelSpec {
  model: string;
  input: string;
  output: string;
  layers: LayerSpec[];
  /** float32 elements in weights.bin. */
  floats: number;
}

/** The graph of a single-input, single-output functional model whose layers are each used once. */
export function modelSpec(model: tfl.LayersModel, name: string): { spec: ModelSpec; weights: Float32Array } {
  if (model.inputLayers.length !== 1 || model.outputLayers.length !== 1)
    throw new Error(`${name}: twin-spec supports one input and one output`);
  const parts: Float32Array[] = [];
  let floats = 0;
  const layers = model.layers.map((layer): LayerSpec => {
    // A shared layer would need its node index in every edge; none of the bench models has one.
    if (layer.inboundNodes.length !== 1) throw new Error(`${name}: layer ${layer.name} is shared`);
    const node = layer.inboundNodes[0] as (typeof layer.inboundNodes)[number];
    if (node.outputTensors.length !== 1) throw new Error(`${name}: layer ${layer.name} has several outputs`);
    const values = layer.getWeights();
    const weights = layer.weights.map((v, i): WeightSpec => {
      const data = (values[i] as tf.Tensor).dataSync() as Float32Array;
      const w = {
        role: v.originalName.split('/').pop() as string,
        shape: [...v.shape] as number[],
        offset: floats,
      };
      parts.push(data);
      floats += data.length;
      return w;
    });
    return {
      name: layer.name,
      className: layer.getClassName(),
      config: layer.getConfig(),
      inbound: node.inboundLayers.map((l) => l.name),
      inputShapes: layer.getClassName() === 'InputLayer' ? [] : node.inputTensors.map((t) => [...t.shape]),
      outputShape: [...(node.outputTensors[0] as tfl.SymbolicTensor).shape],
      weights,
    };
  });
  const weights = new Float32Array(floats);
  let at = 0;
  for (const p of parts) {
    weights.set(p, at);
    at += p.length;
  }
  const spec: ModelSpec = {
    model: name,
    input: (model.inputLayers[0] as tfl.layers.Layer).name,
    output: (model.outputLayers[0] as tfl.layers.Layer).name,
    layers,
    floats,
  };
  return { spec, weights };
}

/** Writes `dir/spec.json` and `dir/weights.bin` (little-endian float32, as Float32Array's bytes). */
export function writeTwinSpec(model: tfl.LayersModel, name: string, dir: string): ModelSpec {
  const { spec, weights } = modelSpec(model, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
  writeFileSync(join(dir, 'weights.bin'), new Uint8Array(weights.buffer));
  return spec;
}

/** Whether `model`'s current weights are, bit for bit, those in `dir/weights.bin`. */
export function sameWeightsAsSpec(model: tfl.LayersModel, name: string, dir: string): boolean {
  const { weights } = modelSpec(model, name);
  const file = readFileSync(join(dir, 'weights.bin'));
  return Buffer.from(weights.buffer).equals(file);
}

export function writeFloat32(file: string, data: Float32Array | Int32Array): void {
  writeFileSync(file, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

export function readFloat32(file: string): Float32Array {
  const b = readFileSync(file);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}
