import { describeValue, TricksError } from '@tftricks/core';
import { gunzipSync } from 'fflate';

/** Element types an IDX file can hold, by its type code (LeCun's MNIST format). */
export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** A parsed IDX file: a dense row-major array with its shape. */
export interface IdxArray {
  dtype: IdxDtype;
  /** Dimension sizes, e.g. [60000, 28, 28] for Fashion-MNIST training images. */
  shape: number[];
  /** Values in row-major order; length = product of `shape`. */
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const TYPES: Record<number, { dtype: IdxDtype; bytes: number }> = {
  8: { dtype: 'uint8', bytes: 1 },
  9: { dtype: 'int8', bytes: 1 },
  11: { dtype: 'int16', bytes: 2 },
  12: { dtype: 'int32', bytes: 4 },
  13: { dtype: 'float32', bytes: 4 },
  14: { dtype: 'float64', bytes: 8 },
};

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Parses an IDX file (raw or gzip-compressed) from its bytes.
 *
 * Validates the magic number, the type code, the dimensions and the exact payload length, and
 * throws a {@link TricksError} on a truncated or corrupt file rather than returning short data.
 *
 * @param bytes the file's bytes (`.gz` is detected by its magic).
 * @param name a label for error messages, e.g. the file name.
 */
export function readIdx(bytes: Uint8Array, name = 'bytes'): IdxArray {
  if (!(bytes instanceof Uint8Array))
    throw new TricksError('readIdx', name, 'a Uint8Array', describeValue(bytes));
  let raw = bytes;
  if (isGzip(bytes)) {
    try {
      raw = gunzipSync(bytes);
    } catch (e) {
      throw new TricksError(
        'readIdx',
        name,
        'a complete gzip stream',
        `a corrupt or truncated one (${(e as Error).message})`,
      );
    }
  }
  if (raw.length < 4)
    throw new TricksError('readIdx', name, 'an IDX header of at least 4 bytes', `${raw.length} bytes`);
  if (raw[0] !== 0 || raw[1] !== 0) {
    throw new TricksError(
      'readIdx',
      name,
      'IDX magic 0x0000 in bytes 0-1',
      `0x${((raw[0]! << 8) | raw[1]!).toString(16).padStart(4, '0')}`,
    );
  }
  const type = TYPES[raw[2]!];
  if (!type)
    throw new TricksError(
      'readIdx',
      name,
      'an IDX type code in {0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E}',
      `0x${raw[2]!.toString(16)}`,
    );
  const ndim = raw[3]!;
  if (ndim < 1) throw new TricksError('readIdx', name, 'at least 1 dimension', '0 dimensions');
  const headerLength = 4 + 4 * ndim;
  if (raw.length < headerLength) {
    throw new TricksError(
      'readIdx',
      name,
      `a ${headerLength}-byte header for ${ndim} dimensions`,
      `a truncated file of ${raw.length} bytes`,
    );
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape: number[] = [];
  for (let d = 0; d < ndim; d++) shape.push(view.getUint32(4 + 4 * d, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = headerLength + count * type.bytes;
  if (raw.length !== expected) {
    throw new TricksError(
      'readIdx',
      name,
      `${expected} bytes for shape [${shape.join(', ')}] of ${type.dtype}`,
      raw.length < expected
        ? `a truncated file of ${raw.length} bytes`
        : `${raw.length} bytes (trailing data)`,
    );
  }
  return { dtype: type.dtype, shape, data: decode(view, headerLength, count, type.dtype) };
}

function decode(view: DataView, offset: number, count: number, dtype: IdxDtype): IdxArray['data'] {
  const bytes = new Uint8Array(view.buffer, view.byteOffset + offset, count * TYPES_BY_NAME[dtype]);
  if (dtype === 'uint8') return bytes.slice();
  if (dtype === 'int8') return new Int8Array(bytes.slice().buffer);
  // Multi-byte IDX values are big-endian.
  const out =
    dtype === 'int16'
      ? new Int16Array(count)
      : dtype === 'int32'
        ? new Int32Array(count)
        : dtype === 'float32'
          ? new Float32Array(count)
          : new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const o = offset + i * TYPES_BY_NAME[dtype];
    out[i] =
      dtype === 'int16'
        ? view.getInt16(o, false)
        : dtype === 'int32'
          ? view.getInt32(o, false)
          : dtype === 'float32'
            ? view.getFloat32(o, false)
            : view.getFloat64(o, false);
  }
  return out;
}

const TYPES_BY_NAME: Record<IdxDtype, number> = {
  uint8: 1,
  int8: 1,
  int16: 2,
  int32: 4,
  float32: 4,
  float64: 8,
};
