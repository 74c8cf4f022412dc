import * as tf from '@tensorflow/tfjs-core';
import { describeValue, TricksError } from './tricks-error';

/** A tensor as plain JSON: exact bits (base64 little-endian), shape and dtype. */
export interface TensorJson {
  dtype: 'float32' | 'int32' | 'bool';
  shape: number[];
  /** Base64 of the raw little-endian buffer, so floats survive bit-for-bit. */
  data: string;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Serialises a tensor (reads it back once). Used for optimizer, EMA and checkpoint state. */
export function tensorToJson(t: tf.Tensor): TensorJson {
  if (t.dtype !== 'float32' && t.dtype !== 'int32' && t.dtype !== 'bool') {
    throw new TricksError('tensorToJson', 't', 'a float32, int32 or bool tensor', `dtype ${t.dtype}`);
  }
  const values = t.dataSync();
  const typed = t.dtype === 'float32' ? Float32Array.from(values) : Int32Array.from(values);
  return { dtype: t.dtype, shape: t.shape.slice(), data: toBase64(new Uint8Array(typed.buffer)) };
}

/** The inverse of {@link tensorToJson}: a new tensor with identical bits. */
export function tensorFromJson(json: TensorJson): tf.Tensor {
  if (!json || typeof json.data !== 'string' || !Array.isArray(json.shape)) {
    throw new TricksError('tensorFromJson', 'json', '{ dtype, shape, data }', describeValue(json));
  }
  const bytes = fromBase64(json.data);
  const size = json.shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== size * 4) {
    throw new TricksError(
      'tensorFromJson',
      'json.data',
      `${size * 4} bytes for shape [${json.shape.join(', ')}]`,
      `${bytes.length} bytes`,
    );
  }
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  if (json.dtype === 'float32') return tf.tensor(new Float32Array(buf), json.shape, 'float32');
  return tf.tensor(new Int32Array(buf), json.shape, json.dtype);
}
