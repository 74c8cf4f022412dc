import * as tf from '@tensorflow/tfjs-core';
import { ensureGradients } from './backend-gradients';
import { probeNodeWebGpu, registerWebGpuFactory, webGpuAdapterOf } from './backend-webgpu-node';
import { describeValue, TricksError } from './tricks-error';
import type { GpuAdapter } from './webgpu-adapter';

/** Backend names `setupBackend` understands. `'tensorflow'` is tfjs-node / tfjs-node-gpu. */
export type BackendName = 'auto' | 'tensorflow' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** A module loader for one backend, e.g. `() => import('@tensorflow/tfjs-backend-webgl')`. */
export type BackendLoader = () => Promise<unknown>;

/**
 * What a package that extends the wasm backend hands to {@link setupBackend} — `wasmTrain` of
 * `@tftricks/wasm-train` (the training kernels stock tfjs-backend-wasm lacks, and its threaded
 * build in Node). Passing it explicitly keeps the dependency visible: core never loads it by name.
 */
export interface WasmBackendExtension {
  /** The package, for messages, e.g. `'@tftricks/wasm-train'`. */
  readonly name: string;
  /**
   * Runs before the wasm backend initialises, with the threads asked for. Returns true when it
   * registered a backend factory that runs on that many threads.
   */
  prepare(options: { threads: number }): boolean;
  /** Runs once the wasm backend is active: registers the extension's kernels and readies them. */
  install(): Promise<void>;
}

/**
 * What a package that extends the WebGPU backend hands to {@link setupBackend} — `webgpuTrain`
 * of `@tftricks/webgpu-train` (kernels tfjs-backend-webgpu 4.22 lacks or computes slowly, and
 * synchronous reads in Node).
 */
export interface WebGpuBackendExtension {
  /** The package, for messages, e.g. `'@tftricks/webgpu-train'`. */
  readonly name: string;
  /** Runs once the webgpu backend is active: registers the extension's kernels. */
  install(): Promise<void>;
}

export interface SetupBackendOptions {
  /**
   * Loaders for backends, keyed by backend name. In a browser bundle pass the ones you ship
   * (bundlers cannot see optional imports by name); in Node the defaults load the
   * installed `@tensorflow/tfjs-node-gpu`, `-node`, `-backend-wasm` and `-backend-cpu`.
   */
  loaders?: Partial<Record<Exclude<BackendName, 'auto'>, BackendLoader | BackendLoader[]>>;
  /**
   * The wasm extension to use (`wasmTrain` from `@tftricks/wasm-train`). Without it, `'wasm'` is
   * tfjs's stock backend, which cannot train a CNN, and `'auto'` skips wasm in Node.
   */
  wasm?: WasmBackendExtension;
  /**
   * The WebGPU extension to use (`webgpuTrain` from `@tftricks/webgpu-train`). In Node it is what
   * makes `dataSync()` work on WebGPU (tfjs reads synchronously through a browser canvas), so
   * `'auto'` in Node takes webgpu only with it.
   */
  webgpu?: WebGpuBackendExtension;
  /**
   * Threads for the wasm backend; default: the machine's logical cores. In Node they need the
   * `wasm` extension (stock tfjs-backend-wasm is single-threaded there); in a browser, tfjs's
   * threaded build needs a cross-origin-isolated page. Where threads are unavailable the backend
   * runs on one, and {@link backendInfo} says so.
   */
  threads?: number;
}

/** What {@link backendInfo} reports about the active backend. */
export interface BackendInfo {
  /** The backend's name, e.g. `'wasm'`. */
  name: string;
  /** Threads it computes on: the wasm pool's size, 1 for cpu, 0 for GPU backends. */
  threads: number;
  /** The extension installed into it, e.g. `'@tftricks/wasm-train'`, or null. */
  extension: string | null;
  /** The WebGPU adapter (backend `webgpu`), e.g. SwiftShader with `software: true`; else null. */
  adapter: GpuAdapter | null;
  /**
   * One line for logs, e.g. `wasm (2 threads, @tftricks/wasm-train kernels)` or
   * `webgpu (SwiftShader adapter, software)`.
   */
  summary: string;
}

type Concrete = Exclude<BackendName, 'auto'>;
const NODE_ORDER: Concrete[] = ['tensorflow', 'webgpu', 'wasm', 'cpu'];
const BROWSER_ORDER: Concrete[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
const ALL: BackendName[] = ['auto', 'tensorflow', 'webgpu', 'webgl', 'wasm', 'cpu'];

/** The extension installed into the active wasm backend (per backend instance). */
const installed = new WeakMap<object, string>();

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return (
    typeof p?.versions?.node === 'string' &&
    typeof (globalThis as { window?: unknown }).window === 'undefined'
  );
}

/** Logical cores: Node's `os.availableParallelism()`, a browser's `navigator.hardwareConcurrency`. */
export function logicalCores(): number {
  const get = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process
    ?.getBuiltinModule;
  const os =
    typeof get === 'function'
      ? (get('node:os') as { availableParallelism?: () => number; cpus(): unknown[] })
      : null;
  if (os) return os.availableParallelism?.() ?? os.cpus().length;
  const hc = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof hc === 'number' && hc > 0 ? hc : 1;
}

/**
 * Imports a module by a name held in a variable, so bundlers do not try to resolve
 * optional packages that are not installed (tfjs-node-gpu is never required).
 */
async function importOptional(name: string): Promise<unknown> {
  const load = new Function('n', 'return import(n)') as (n: string) => Promise<unknown>;
  try {
    return await load(name);
  } catch {
    // `new Function` can be refused by a CSP; fall back to a plain dynamic import.
    return import(/* @vite-ignore */ name);
  }
}

function defaultLoaders(): Record<Concrete, BackendLoader[]> {
  return {
    tensorflow: [
      () => importOptional('@tensorflow/tfjs-node-gpu'),
      () => importOptional('@tensorflow/tfjs-node'),
    ],
    webgpu: [() => importOptional('@tensorflow/tfjs-backend-webgpu')],
    webgl: [() => importOptional('@tensorflow/tfjs-backend-webgl')],
    wasm: [() => importOptional('@tensorflow/tfjs-backend-wasm')],
    cpu: [() => importOptional('@tensorflow/tfjs-backend-cpu')],
  };
}

function registered(name: string): boolean {
  return tf.engine().registryFactory[name] !== undefined;
}

async function load(name: Concrete, loaders: BackendLoader[], node: boolean): Promise<boolean> {
  for (const loader of loaders) {
    if (registered(name)) break;
    try {
      const module = await loader();
      // Imported before navigator.gpu existed, tfjs-backend-webgpu registered nothing.
      if (name === 'webgpu' && node && !registered(name)) registerWebGpuFactory(module);
    } catch {
      // Not installed: try the next loader.
    }
  }
  return registered(name);
}

/** What to install for WebGPU in Node, per thing found missing (see docs/webgpu.md). */
const NODE_WEBGPU_NEEDS = {
  package:
    "the npm package 'webgpu' (Dawn's Node bindings, prebuilt): npm install webgpu @tensorflow/tfjs-backend-webgpu",
  adapter:
    "a WebGPU adapter: on Linux the Vulkan loader (apt-get install libvulkan1) and a Vulkan driver, your GPU's or SwiftShader in software (VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json, from Debian's chromium)",
  backend: "tfjs's WebGPU backend: npm install @tensorflow/tfjs-backend-webgpu",
} as const;

async function activate(name: Concrete): Promise<boolean> {
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/** Threads of an initialised wasm backend (tfjs-backend-wasm's XNNPACK pool). */
function wasmThreads(backend: unknown): number {
  const count = (backend as { wasm?: { tfjs?: { getThreadsCount?: () => number } } }).wasm?.tfjs
    ?.getThreadsCount;
  return typeof count === 'function' ? count() : 1;
}

/** What the active backend is and how it runs; see {@link BackendInfo}. */
export function backendInfo(): BackendInfo {
  const name = tf.getBackend();
  const backend = tf.backend() as unknown as object;
  const gpu = name === 'webgl' || name === 'webgpu' || name === 'tensorflow';
  const threads = name === 'wasm' ? wasmThreads(backend) : gpu ? 0 : 1;
  const extension = installed.get(backend) ?? null;
  const adapter = name === 'webgpu' ? webGpuAdapterOf(backend) : null;
  const parts = adapter
    ? [`${adapter.label} adapter`, ...(adapter.software ? ['software'] : [])]
    : [gpu ? 'GPU' : `${threads} thread${threads === 1 ? '' : 's'}`];
  if (extension) parts.push(`${extension} kernels`);
  return { name, threads, extension, adapter, summary: `${name} (${parts.join(', ')})` };
}

/**
 * Picks and initialises a tfjs backend, and makes sure gradients are registered.
 *
 * `'auto'` tries, in order — Node: `tensorflow` (when `@tensorflow/tfjs-node-gpu` or
 * `@tensorflow/tfjs-node` is installed), `webgpu` (only with `options.webgpu`, the
 * `@tftricks/webgpu-train` extension, and only on a hardware adapter: SwiftShader is slower than
 * wasm), `wasm` (only with `options.wasm`, the `@tftricks/wasm-train` extension, since stock
 * wasm cannot train a CNN), `cpu`; browser: `webgpu`, `webgl`, `wasm`, `cpu`. An explicit name
 * loads that backend or throws a {@link TricksError} that names what to install.
 * `'webgpu'` in Node needs the npm package `webgpu` (Dawn) and a Vulkan / Metal / D3D12 driver:
 * it installs `navigator.gpu` before tfjs-backend-webgpu is imported, and releases the device
 * when the process has nothing left to do. For `'wasm'` the extension (when given) sets up
 * `options.threads` threads first and installs its kernels after; {@link backendInfo} tells
 * what was obtained (threads, the WebGPU adapter).
 *
 * @returns the name of the backend actually in use.
 */
export async function setupBackend(
  prefer: BackendName = 'auto',
  options: SetupBackendOptions = {},
): Promise<string> {
  if (!ALL.includes(prefer)) {
    throw new TricksError('setupBackend', 'prefer', `one of ${ALL.join(', ')}`, describeValue(prefer));
  }
  const { wasm, webgpu } = options;
  if (wasm !== undefined && (typeof wasm.prepare !== 'function' || typeof wasm.install !== 'function')) {
    throw new TricksError(
      'setupBackend',
      'options.wasm',
      "a wasm extension with prepare() and install() (e.g. wasmTrain from '@tftricks/wasm-train')",
      describeValue(wasm),
    );
  }
  if (webgpu !== undefined && typeof webgpu.install !== 'function') {
    throw new TricksError(
      'setupBackend',
      'options.webgpu',
      "a WebGPU extension with install() (e.g. webgpuTrain from '@tftricks/webgpu-train')",
      describeValue(webgpu),
    );
  }
  const threads = options.threads ?? logicalCores();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new TricksError(
      'setupBackend',
      'options.threads',
      'an integer ≥ 1',
      describeValue(options.threads),
    );
  }
  const loaders = defaultLoaders();
  for (const [name, l] of Object.entries(options.loaders ?? {})) {
    if (l) loaders[name as Concrete] = (Array.isArray(l) ? l : [l]).concat(loaders[name as Concrete]);
  }
  const node = isNode();
  const order = prefer === 'auto' ? (node ? NODE_ORDER : BROWSER_ORDER) : [prefer];
  const auto = prefer === 'auto';
  for (const name of order) {
    if (name === 'wasm' && auto && node && !wasm) continue;
    if (name === 'webgpu' && node) {
      // Without the extension, dataSync() fails on WebGPU in Node: auto does not pick it then.
      if (auto && !webgpu) continue;
      if (!registered(name)) {
        const probe = await probeNodeWebGpu(auto, importOptional);
        if (!probe.ok && auto) continue;
        if (!probe.ok) {
          const need = NODE_WEBGPU_NEEDS[probe.missing === 'package' ? 'package' : 'adapter'];
          throw new TricksError('setupBackend', 'prefer', `'webgpu' in Node: ${need}`, probe.detail);
        }
      }
    }
    if (!(await load(name, loaders[name], node))) {
      if (name === 'webgpu' && node && !auto) {
        const need = `'webgpu' in Node: ${NODE_WEBGPU_NEEDS.backend}`;
        throw new TricksError('setupBackend', 'prefer', need, 'no webgpu backend was registered');
      }
      continue;
    }
    if (name === 'wasm' && wasm) wasm.prepare({ threads });
    if (!(await activate(name))) continue;
    await tf.ready();
    const extension = name === 'wasm' ? wasm : name === 'webgpu' ? webgpu : undefined;
    if (extension) {
      await extension.install();
      installed.set(tf.backend() as unknown as object, extension.name);
    }
    await ensureGradients();
    return tf.getBackend();
  }
  throw new TricksError(
    'setupBackend',
    'prefer',
    prefer === 'auto' ? 'at least one installed backend' : `an installed, working '${prefer}' backend`,
    `none could be initialised (tried ${order.join(', ')})`,
  );
}
