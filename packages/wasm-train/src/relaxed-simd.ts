import { describeValue, TricksError } from '@tftricks/core';

/**
 * Whether the C convolutions use relaxed SIMD's fused multiply-add (`f32x4.relaxed_madd`):
 * `'auto'` where the engine has it, `true` always (an error where it cannot), `false` never.
 */
export type RelaxedSimdMode = 'auto' | boolean;

let mode: RelaxedSimdMode = 'auto';

// (func (param v128 v128 v128) (result v128) local.get 0 local.get 1 local.get 2 f32x4.relaxed_madd)
const PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b,
  0x03, 0x02, 0x01, 0x00, 0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x85, 0x02,
  0x0b,
]);

/** Whether this engine validates relaxed SIMD as the standard numbers it (Node ≥ 22, Chrome ≥ 114). */
function engineHasRelaxedSimd(): boolean {
  try {
    return WebAssembly.validate(PROBE);
  } catch {
    return false;
  }
}

/**
 * Node 20 and 21 (V8 11) implement relaxed SIMD behind `--experimental-wasm-relaxed-simd`; the
 * same opcodes are on by default from Node 22. The flag only widens what validates, and V8 reads
 * it when a module compiles, so setting it now is enough for the modules compiled afterwards.
 */
function enableInNode(): boolean {
  const get = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process
    ?.getBuiltinModule;
  if (typeof get !== 'function') return false;
  const v8 = get('node:v8') as { setFlagsFromString?: (flags: string) => void } | undefined;
  if (typeof v8?.setFlagsFromString !== 'function') return false;
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return engineHasRelaxedSimd();
}

/**
 * Chooses whether the C convolutions use relaxed SIMD's fused multiply-add, for wasm backends
 * whose kernels bind afterwards (`setupWasmTrain({ relaxedSimd })` sets it before binding).
 * Default `'auto'`. The fused build runs the convolutions' multiply-adds in half the
 * instructions (about 1.6× the GEMM throughput on x86 with FMA3); its rounding differs from the
 * baseline build's within one rounding per multiply-add, and is the same on every run of one
 * machine. In Node 20 and 21, `'auto'` and `true` turn on V8's `--experimental-wasm-relaxed-simd`.
 */
export function useRelaxedSimd(next: RelaxedSimdMode): void {
  if (next !== 'auto' && next !== true && next !== false)
    throw new TricksError('useRelaxedSimd', 'mode', "'auto', true or false", describeValue(next));
  mode = next;
}

/** The mode {@link useRelaxedSimd} set (default `'auto'`). */
export function relaxedSimdMode(): RelaxedSimdMode {
  return mode;
}

/**
 * Whether kernels bound now get the relaxed-SIMD build: the mode, and what the engine can do
 * (in Node 20 and 21 after turning on V8's flag). Throws a TricksError for mode `true` on an
 * engine without relaxed SIMD.
 */
export function relaxedSimdForNextBinding(): boolean {
  if (mode === false) return false;
  const ok = engineHasRelaxedSimd() || enableInNode();
  if (!ok && mode === true)
    throw new TricksError(
      'useRelaxedSimd',
      'mode',
      "'auto' or false on an engine without relaxed SIMD (it needs Node ≥ 20.16 or Chrome ≥ 114)",
      'true',
    );
  return ok;
}
