import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { backendInfo, logicalCores, setupBackend, type WasmBackendExtension } from './backend-setup';
import { TricksError } from './tricks-error';

/** An extension that records when setupBackend calls it, and on which backend. */
function recorder(): WasmBackendExtension & { calls: string[] } {
  const calls: string[] = [];
  return {
    name: 'recorder',
    calls,
    prepare: ({ threads }) => {
      calls.push(`prepare ${threads} on ${tf.getBackend()}`);
      return false;
    },
    install: async () => {
      calls.push(`install on ${tf.getBackend()}`);
    },
  };
}

describe('setupBackend in Node (wasm extension, threads, auto)', () => {
  const start = tf.getBackend();
  afterAll(async () => {
    await setupBackend(start as 'cpu');
  });

  it('prepares the extension before wasm starts and installs it once wasm runs', async () => {
    await setupBackend('cpu');
    const ext = recorder();
    expect(await setupBackend('wasm', { wasm: ext, threads: 3 })).toBe('wasm');
    expect(ext.calls).toEqual(['prepare 3 on cpu', 'install on wasm']);
    const info = backendInfo();
    expect(info).toMatchObject({ name: 'wasm', extension: 'recorder' });
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(info.summary).toMatch(/^wasm \(\d+ threads?, recorder kernels\)$/);
  });

  it('defaults threads to the logical cores', async () => {
    const ext = recorder();
    await setupBackend('wasm', { wasm: ext });
    expect(ext.calls[0]).toBe(`prepare ${logicalCores()} on wasm`);
    expect(logicalCores()).toBeGreaterThanOrEqual(1);
  });

  it("'auto' skips wasm in Node without the extension, takes it with one", async () => {
    await setupBackend('cpu');
    // tfjs-node is not installed here, so auto falls through to the next candidate.
    expect(await setupBackend('auto')).toBe('cpu');
    expect(backendInfo()).toMatchObject({ name: 'cpu', threads: 1, extension: null });
    expect(await setupBackend('auto', { wasm: recorder() })).toBe('wasm');
  });

  it('rejects bad threads and a malformed extension with a TricksError', async () => {
    await expect(setupBackend('wasm', { threads: 0 })).rejects.toThrow(
      /argument 'options.threads' expected an integer ≥ 1, got 0/,
    );
    await expect(setupBackend('wasm', { threads: 1.5 })).rejects.toThrow(TricksError);
    await expect(setupBackend('wasm', { wasm: {} as WasmBackendExtension })).rejects.toThrow(
      /argument 'options.wasm'/,
    );
  });
});
