import { TricksError } from '@tftricks/core';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readIdx } from './read-idx';

function idx(typeCode: number, shape: number[], payload: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * shape.length);
  header[2] = typeCode;
  header[3] = shape.length;
  const view = new DataView(header.buffer);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const out = new Uint8Array(header.length + payload.length);
  out.set(header);
  out.set(payload, header.length);
  return out;
}

describe('readIdx', () => {
  it('parses uint8 and big-endian int32/float32 payloads, raw and gzipped', () => {
    const u8 = idx(0x08, [2, 3], Uint8Array.from([0, 1, 2, 253, 254, 255]));
    for (const bytes of [u8, gzipSync(u8)]) {
      const a = readIdx(bytes);
      expect(a.dtype).toBe('uint8');
      expect(a.shape).toEqual([2, 3]);
      expect(Array.from(a.data)).toEqual([0, 1, 2, 253, 254, 255]);
    }
    const be = new Uint8Array(8);
    new DataView(be.buffer).setInt32(0, -5, false);
    new DataView(be.buffer).setFloat32(4, 1.5, false);
    expect(Array.from(readIdx(idx(0x0c, [1], be.subarray(0, 4))).data)).toEqual([-5]);
    expect(Array.from(readIdx(idx(0x0d, [1], be.subarray(4, 8))).data)).toEqual([1.5]);
  });

  it('throws a TricksError on truncated, corrupt or inconsistent files', () => {
    const good = idx(0x08, [4, 2], new Uint8Array(8));
    expect(() => readIdx(good.subarray(0, good.length - 1), 'x.idx')).toThrow(
      "readIdx: argument 'x.idx' expected 20 bytes for shape [4, 2] of uint8, got a truncated file of 19 bytes",
    );
    expect(() => readIdx(good.subarray(0, 6))).toThrow(/header/);
    const gz = gzipSync(good);
    expect(() => readIdx(gz.subarray(0, gz.length - 6))).toThrow(TricksError);
    const badMagic = good.slice();
    badMagic[0] = 1;
    expect(() => readIdx(badMagic)).toThrow(/magic/);
    const badType = good.slice();
    badType[2] = 0x07;
    expect(() => readIdx(badType)).toThrow(/type code/);
    const trailing = new Uint8Array(good.length + 1);
    trailing.set(good);
    expect(() => readIdx(trailing)).toThrow(/trailing/);
  });
});
