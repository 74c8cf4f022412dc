import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import {
  PLAIN_KERNELS_BASE64,
  PLAIN_KERNELS_SHA256,
  RELAXED_KERNELS_BASE64,
  RELAXED_KERNELS_SHA256,
  RELAXED_SHARED_KERNELS_BASE64,
  RELAXED_SHARED_KERNELS_SHA256,
  SHARED_KERNELS_BASE64,
  SHARED_KERNELS_SHA256,
} from './kernels-wasm';

// Node 20 compiles relaxed SIMD only behind V8's flag (what useRelaxedSimd('auto') turns on).
setFlagsFromString('--experimental-wasm-relaxed-simd');

/** Occurrences of f32x4.relaxed_madd's opcode (0xfd, LEB128 0x105) in a module's bytes. */
function relaxedMadds(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i + 2 < bytes.length; i++)
    if (bytes[i] === 0xfd && bytes[i + 1] === 0x85 && bytes[i + 2] === 0x02) n++;
  return n;
}

// The shipped modules are pinned by checksum; CI also rebuilds them from csrc/ and compares the
// bytes (scripts/build-kernels.mjs --check).
describe('the shipped C kernel modules', () => {
  it.each([
    ['plain', PLAIN_KERNELS_BASE64, PLAIN_KERNELS_SHA256, false, false],
    ['shared', SHARED_KERNELS_BASE64, SHARED_KERNELS_SHA256, true, false],
    ['relaxed', RELAXED_KERNELS_BASE64, RELAXED_KERNELS_SHA256, false, true],
    ['relaxed_shared', RELAXED_SHARED_KERNELS_BASE64, RELAXED_SHARED_KERNELS_SHA256, true, true],
  ] as const)(
    '%s: matches its sha256, imports only env.memory, owns no data',
    (_, b64, sha, shared, relaxed) => {
      const bytes = Buffer.from(b64, 'base64');
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha);
      // The relaxed builds fuse the convolutions' multiply-adds (csrc/madd.h); the baseline ones
      // must not contain the opcode at all, or they would not load without relaxed SIMD.
      if (relaxed) expect(relaxedMadds(bytes)).toBeGreaterThanOrEqual(20);
      else expect(relaxedMadds(bytes)).toBe(0);
      const module = new WebAssembly.Module(bytes);
      expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
      const names = WebAssembly.Module.exports(module).map((e) => e.name);
      expect(names).toEqual(expect.arrayContaining(['worker_loop', 'bn_forward', 'bn_backward']));
      // The shared variant binds to a shared memory only, the plain one to an unshared one.
      const memory = new WebAssembly.Memory({
        initial: 1,
        maximum: 65536,
        shared,
      } as WebAssembly.MemoryDescriptor);
      expect(() => new WebAssembly.Instance(module, { env: { memory } })).not.toThrow();
    },
  );
});
