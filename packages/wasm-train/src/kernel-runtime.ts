import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type * as tf from '@tensorflow/tfjs-core';
import {
  PLAIN_KERNELS_BASE64,
  RELAXED_KERNELS_BASE64,
  RELAXED_SHARED_KERNELS_BASE64,
  SHARED_KERNELS_BASE64,
} from './kernels-wasm';
import { relaxedSimdForNextBinding } from './relaxed-simd';

/** A filter-gradient kernel: (pool, x, dy, dw, scratch, ...geometry) with pointers into tfjs's memory. */
type FilterGradKernel = (
  pool: number,
  x: number,
  dy: number,
  dw: number,
  scratch: number,
  ...geometry: number[]
) => void;

/**
 * The exports of the C kernels (csrc/*.c). Pointers are byte offsets into tfjs-backend-wasm's
 * own memory: the module is instantiated over that memory, so kernels read and write tensors
 * where they lie, with no copy.
 */
export interface KernelExports {
  pool_size(): number;
  worker_loop(pool: number): void;
  pool_stop(pool: number): void;
  bn_scratch_floats(rows: number, channels: number): number;
  split_concat(
    pool: number,
    whole: number,
    pieces: number,
    count: number,
    outer: number,
    total: number,
    gather: number,
  ): void;
  compare_f32(pool: number, op: number, a: number, b: number, out: number, n: number, bScalar: number): void;
  mask_grad_f32(
    pool: number,
    op: number,
    dy: number,
    x: number,
    out: number,
    n: number,
    lo: number,
    hi: number,
  ): void;
  clamp_f32(pool: number, op: number, x: number, out: number, n: number, lo: number, hi: number): void;
  logical_u8(pool: number, or: number, a: number, b: number, out: number, n: number, bScalar: number): void;
  select_f32(pool: number, cond: number, t: number, e: number, out: number, n: number): void;
  bool_to_f32(pool: number, b: number, out: number, n: number): void;
  depthwise_forward(
    pool: number,
    x: number,
    w: number,
    y: number,
    n: number,
    h: number,
    wd: number,
    c: number,
    oh: number,
    ow: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
    pt: number,
    pl: number,
  ): void;
  arith_f32(
    pool: number,
    op: number,
    a: number,
    b: number,
    out: number,
    n: number,
    mode: number,
    mid: number,
    inner: number,
  ): void;
  conv2d_taps_size(kh: number, kw: number): number;
  conv2d_forward(
    pool: number,
    x: number,
    w: number,
    bias: number,
    y: number,
    taps: number,
    ...geometry: number[]
  ): void;
  sum_middle(
    pool: number,
    x: number,
    outer: number,
    rows: number,
    inner: number,
    out: number,
    scratch: number,
    mean: number,
  ): void;
  sum_middle_scratch(outer: number, rows: number, inner: number): number;
  max_pool_grad(
    pool: number,
    x: number,
    dy: number,
    dx: number,
    n: number,
    h: number,
    w: number,
    c: number,
    oh: number,
    ow: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    pt: number,
    pl: number,
  ): void;
  depthwise_filter_grad_scratch(n: number, oh: number, kh: number, kw: number, c: number, m: number): number;
  depthwise_filter_grad: FilterGradKernel;
  depthwise_input_grad(pool: number, dy: number, w: number, dx: number, ...geometry: number[]): void;
  conv2d_input_grad_scratch(kh: number, kw: number, ci: number, co: number, threads: number): number;
  conv2d_input_grad(
    pool: number,
    dy: number,
    w: number,
    dx: number,
    scratch: number,
    n: number,
    h: number,
    wd: number,
    ci: number,
    oh: number,
    ow: number,
    co: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    dh: number,
    dwl: number,
    pt: number,
    pl: number,
  ): void;
  conv3x3_winograd_scratch(k: number, c: number, ow: number, threads: number): number;
  /** geometry: n, h, w, k, oh, ow, c, pt, pl, then activation and rotated (conv3x3_winograd.c). */
  conv3x3_winograd(
    pool: number,
    x: number,
    w: number,
    bias: number,
    y: number,
    scratch: number,
    ...args: number[]
  ): void;
  conv3x3_winograd_filter_grad_scratch(
    n: number,
    oh: number,
    ow: number,
    ci: number,
    co: number,
    threads: number,
  ): number;
  /** geometry: n, h, w, ci, oh, ow, co, pt, pl (conv3x3_winograd_filter_grad.c). */
  conv3x3_winograd_filter_grad: FilterGradKernel;
  conv2d_filter_grad_scratch(n: number, oh: number, kh: number, kw: number, ci: number, co: number): number;
  conv2d_filter_grad(
    pool: number,
    x: number,
    dy: number,
    dw: number,
    scratch: number,
    n: number,
    h: number,
    w: number,
    ci: number,
    oh: number,
    ow: number,
    co: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    dh: number,
    dwl: number,
    pt: number,
    pl: number,
  ): void;
  bn_forward(
    pool: number,
    x: number,
    rows: number,
    channels: number,
    gamma: number,
    beta: number,
    epsilon: number,
    y: number,
    mean: number,
    variance: number,
    scratch: number,
  ): void;
  bn_backward(
    pool: number,
    dy: number,
    x: number,
    mean: number,
    variance: number,
    gamma: number,
    epsilon: number,
    rows: number,
    channels: number,
    dx: number,
    dgamma: number,
    dbeta: number,
    scratch: number,
  ): void;
}

/** The C kernels bound to one wasm backend's memory, with their thread pool. */
export interface KernelRuntime {
  readonly exports: KernelExports;
  /** Address of the pool (csrc/pool.h `pool_t`) every kernel takes first. */
  readonly pool: number;
  /** Threads the kernels run on: the caller plus the pool's workers (1 without shared memory). */
  readonly threads: number;
  /** Whether this is the relaxed-SIMD build (fused multiply-adds in the convolutions). */
  readonly relaxedSimd: boolean;
}

/** The parts of tfjs-backend-wasm's Emscripten module used here. */
interface EmscriptenModule {
  _malloc(bytes: number): number;
  wasmMemory?: WebAssembly.Memory;
  asm?: { memory?: WebAssembly.Memory };
  tfjs?: { getThreadsCount?: () => number };
}

// pool_t field offsets in int32 slots (csrc/pool.h).
const POOL_WORKERS = 2;
const POOL_SPIN = 7;
// Polls of the job counter before an idle worker sleeps (a few microseconds): long enough to
// catch the next kernel of a burst, short enough not to steal the core XNNPACK's threads need.
const WORKER_SPIN = 4000;

type Variant = 'plain' | 'shared';
/** The shipped builds by memory kind and whether they are relaxed SIMD. */
const BUILDS: Record<Variant, [baseline: string, relaxed: string]> = {
  plain: [PLAIN_KERNELS_BASE64, RELAXED_KERNELS_BASE64],
  shared: [SHARED_KERNELS_BASE64, RELAXED_SHARED_KERNELS_BASE64],
};
/** Compiled modules, keyed by the build's base64 text. */
const compiled = new Map<string, WebAssembly.Module>();
const runtimes = new WeakMap<WebAssembly.Memory, KernelRuntime>();

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const s = atob(base64);
  const out = new Uint8Array(new ArrayBuffer(s.length));
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** The Memory object of a wasm backend: imported by the threaded build, exported by the others. */
export function backendMemory(backend: BackendWasm): WebAssembly.Memory | undefined {
  const mod = backend.wasm as unknown as EmscriptenModule;
  return mod.wasmMemory ?? mod.asm?.memory;
}

function variantFor(memory: WebAssembly.Memory): Variant {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer
    ? 'shared'
    : 'plain';
}

/** `process.getBuiltinModule` (Node ≥ 20.16): Node modules without an import bundlers would see. */
function nodeBuiltin<T>(name: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process;
  return proc?.getBuiltinModule?.(name) as T | undefined;
}

interface NodeWorker {
  unref(): void;
}
type WorkerCtor = new (code: string, options: { eval: true; workerData: unknown }) => NodeWorker;

// A worker's whole program: bind the same module to the same memory and serve the pool forever.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const instance = new WebAssembly.Instance(workerData.module, { env: { memory: workerData.memory } });
instance.exports.worker_loop(workerData.pool);
`;

/** Starts `count` pool workers (Node worker_threads); returns how many started. */
function startWorkers(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  pool: number,
  count: number,
): number {
  const Worker = nodeBuiltin<{ Worker: WorkerCtor }>('node:worker_threads')?.Worker;
  if (!Worker || count <= 0) return 0;
  for (let i = 0; i < count; i++) {
    // unref: idle workers sleep in the pool and must not keep the process alive.
    new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, pool } }).unref();
  }
  return count;
}

function bind(
  backend: BackendWasm,
  memory: WebAssembly.Memory,
  module: WebAssembly.Module,
  instance: WebAssembly.Instance,
  relaxedSimd: boolean,
): KernelRuntime {
  const exports = instance.exports as unknown as KernelExports;
  const mod = backend.wasm as unknown as EmscriptenModule;
  const size = exports.pool_size();
  const pool = mod._malloc(size);
  new Uint8Array(memory.buffer, pool, size).fill(0);
  const slots = new Int32Array(memory.buffer, pool, size >> 2);
  slots[POOL_SPIN] = WORKER_SPIN;
  // The pool's `workers` slot counts workers that have entered worker_loop; until then the
  // kernels simply run on fewer threads.
  slots[POOL_WORKERS] = 0;
  let threads = 1;
  if (variantFor(memory) === 'shared') {
    const wanted = Math.max(1, mod.tfjs?.getThreadsCount?.() ?? 1);
    threads += startWorkers(module, memory, pool, wanted - 1);
  }
  const rt = { exports, pool, threads, relaxedSimd };
  runtimes.set(memory, rt);
  return rt;
}

const buildFor = (variant: Variant, relaxed: boolean) => BUILDS[variant][relaxed ? 1 : 0];

/**
 * The C kernels for `backend`, created on first use (one instance and one pool per backend
 * memory). Returns undefined where they cannot be created synchronously — a browser's main
 * thread refuses to compile large modules synchronously — until {@link prepareKernelRuntime}
 * has run; callers then use their fallback.
 */
export function kernelRuntime(backend: BackendWasm): KernelRuntime | undefined {
  const memory = backendMemory(backend);
  if (!memory) return undefined;
  const known = runtimes.get(memory);
  if (known) return known;
  const variant = variantFor(memory);
  const relaxed = relaxedSimdForNextBinding();
  try {
    const build = buildFor(variant, relaxed);
    let module = compiled.get(build);
    if (!module) {
      module = new WebAssembly.Module(bytesOf(build));
      compiled.set(build, module);
    }
    return bind(backend, memory, module, new WebAssembly.Instance(module, { env: { memory } }), relaxed);
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

/**
 * Compiles the C kernels asynchronously (what a browser's main thread needs), then binds them;
 * rebinds where the build bound before is not the one {@link relaxedSimdForNextBinding} picks now.
 */
export async function prepareKernelRuntime(backend: BackendWasm): Promise<KernelRuntime | undefined> {
  const memory = backendMemory(backend);
  if (!memory) return undefined;
  const relaxed = relaxedSimdForNextBinding();
  const known = runtimes.get(memory);
  if (known?.relaxedSimd === relaxed) return known;
  if (known) {
    // The other build was bound before useRelaxedSimd changed: its workers leave their loop.
    // The pool's few bytes stay allocated, as a worker may still be reading its stop flag.
    known.exports.pool_stop(known.pool);
    runtimes.delete(memory);
  }
  const build = buildFor(variantFor(memory), relaxed);
  let module = compiled.get(build);
  if (!module) {
    module = await WebAssembly.compile(bytesOf(build));
    compiled.set(build, module);
  }
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  return runtimes.get(memory) ?? bind(backend, memory, module, instance, relaxed);
}

/** Byte offset of a tensor's data in the wasm memory. */
export function addressOf(backend: BackendWasm, info: tf.TensorInfo): number {
  return backend.dataIdMap.get(info.dataId)?.memoryOffset ?? 0;
}
