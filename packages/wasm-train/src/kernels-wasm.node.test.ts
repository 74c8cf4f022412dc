import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  PLAIN_KERNELS_BASE64,
  PLAIN_KERNELS_SHA256,
  SHARED_KERNELS_BASE64,
  SHARED_KERNELS_SHA256,
} from './kernels-wasm';

// The shipped modules are pinned by checksum; CI also rebuilds them from csrc/ and compares the
// bytes (scripts/build-kernels.mjs --check).
describe('the shipped C kernel modules', () => {
  it.each([
    ['plain', PLAIN_KERNELS_BASE64, PLAIN_KERNELS_SHA256, false],
    ['shared', SHARED_KERNELS_BASE64, SHARED_KERNELS_SHA256, true],
  ] as const)('%s: matches its sha256, imports only env.memory, owns no data', (_, b64, sha, shared) => {
    const bytes = Buffer.from(b64, 'base64');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha);
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
  });
});
