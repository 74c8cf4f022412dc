import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { describeValue, TricksError } from '@tftricks/core';

// tfjs-backend-wasm 4.22 ships a threaded SIMD build, but forces WASM_HAS_MULTITHREAD_SUPPORT off
// in Node, because it hands Emscripten's pthread workers their script as Blob URLs, which Node
// cannot load (tfjs issue #3830). The Emscripten 3.1.28 glue it ships runs its pthreads on
// worker_threads already; this factory gives it real files instead of Blobs, and lifts the C++
// side's cap of half the logical cores (`emscripten_num_logical_cores() / 2`).

/** Node modules reached through `process.getBuiltinModule` (Node ≥ 20.16), invisible to bundlers. */
interface NodeParts {
  createRequire(from: string): NodeRequire;
  fs: {
    existsSync(p: string): boolean;
    readFileSync(p: string): Uint8Array;
    writeFileSync(p: string, data: string): void;
    renameSync(from: string, to: string): void;
  };
  path: { join(...p: string[]): string; dirname(p: string): string };
  os: { tmpdir(): string; availableParallelism?: () => number; cpus(): unknown[] };
  url: { pathToFileURL(p: string): { href: string } };
}
type NodeRequire = ((id: string) => unknown) & { resolve(id: string): string };

interface EmscriptenFactoryConfig {
  locateFile(path: string, prefix: string): string;
  mainScriptUrlOrBlob: string;
  instantiateWasm(
    imports: { env: Record<string, unknown> },
    receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
  ): object;
}
interface ThreadedModule {
  cwrap(name: string, ret: string | null, args: string[]): (...a: number[]) => number;
  tfjs: Record<string, (...a: number[]) => number>;
  PThread?: { runningWorkers: { unref(): void }[]; unusedWorkers: { unref(): void }[] };
}
type ThreadedFactory = (config: EmscriptenFactoryConfig) => Promise<ThreadedModule>;

const proc = (
  globalThis as { process?: { getBuiltinModule?: (n: string) => unknown; versions?: { node?: string } } }
).process;

function nodeParts(): NodeParts | undefined {
  const get = proc?.getBuiltinModule;
  if (typeof get !== 'function' || typeof SharedArrayBuffer === 'undefined') return undefined;
  const mod = get('node:module') as { createRequire(from: string): NodeRequire };
  return {
    createRequire: mod.createRequire,
    fs: get('node:fs') as NodeParts['fs'],
    path: get('node:path') as NodeParts['path'],
    os: get('node:os') as NodeParts['os'],
    url: get('node:url') as NodeParts['url'],
  };
}

/** The machine's logical cores in Node (1 elsewhere). */
export function machineCores(): number {
  const os = nodeParts()?.os;
  if (!os) return 1;
  return os.availableParallelism?.() ?? os.cpus().length;
}

/** Whether this process can run tfjs-backend-wasm's threaded build (Node with worker_threads). */
export function threadedWasmAvailable(): boolean {
  return nodeParts() !== undefined;
}

/** The threaded build's files inside the installed tfjs-backend-wasm. */
function threadedFiles(node: NodeParts) {
  // Resolved from this file, so the peer copy next to the user's tfjs-core is the one loaded.
  const require = node.createRequire(import.meta.url);
  const root = node.path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const out = node.path.join(root, 'wasm-out');
  return {
    require,
    glue: node.path.join(out, 'tfjs-backend-wasm-threaded-simd.js'),
    worker: node.path.join(out, 'tfjs-backend-wasm-threaded-simd.worker.js'),
    wasm: node.path.join(out, 'tfjs-backend-wasm-threaded-simd.wasm'),
  };
}

/**
 * The pthread worker script as a file. The shipped `.worker.js` is a module that exports the
 * script as a string; tfjs writes that string into a Blob with its `\n` escapes escaped
 * (`replace(/\n/g, '\\n')`), so the file gets the same treatment.
 */
function workerScript(node: NodeParts, files: ReturnType<typeof threadedFiles>): string {
  const { wasmWorkerContents } = files.require(files.worker) as { wasmWorkerContents: string };
  const text = wasmWorkerContents.replace(/\n/g, '\\n');
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  const file = node.path.join(node.os.tmpdir(), `tftricks-wasm-pthread-${(hash >>> 0).toString(16)}.js`);
  if (!node.fs.existsSync(file)) {
    // Write-then-rename: parallel test processes may race to create it.
    const tmp = `${file}.${Math.floor(performance.now() * 1000)}.tmp`;
    node.fs.writeFileSync(tmp, text);
    node.fs.renameSync(tmp, file);
  }
  return file;
}

async function createThreadedBackend(threads: number, xnnpackThreads: number): Promise<BackendWasm> {
  const node = nodeParts();
  if (!node) throw new Error('@tftricks/wasm-train: the threaded wasm build needs Node with worker_threads');
  const files = threadedFiles(node);
  const factory = files.require(files.glue) as ThreadedFactory;
  const worker = workerScript(node, files);
  const binary = node.fs.readFileSync(files.wasm);
  let fail: (e: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const created = factory({
    locateFile: (path, prefix) =>
      path.endsWith('.worker.js') ? worker : path.endsWith('.wasm') ? files.wasm : prefix + path,
    mainScriptUrlOrBlob: files.glue,
    instantiateWasm(imports, receive) {
      // The C++ side sizes its thread pool from half the logical cores (for hyper-threads).
      imports.env.emscripten_num_logical_cores = () => threads * 2;
      WebAssembly.instantiate(binary as Uint8Array<ArrayBuffer>, imports as WebAssembly.Imports).then(
        (r) => receive(r.instance, r.module),
        fail,
      );
      return {};
    },
  });
  const module = await Promise.race([created, failed]);
  module.tfjs = {
    init: module.cwrap('init', null, []),
    // BackendWasm creates XNNPACK's pthreadpool with setThreadsCount's value (xnnpackThreads,
    // below): its workers spin for about a million polls after every op before they sleep, and
    // on the same cores that steals a thread from wasm-train's own pool (resnet's step: 238
    // against 295 ms with XNNPACK on 1 of 2 threads, docs/benchmarks/train-step.md).
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    // What the backend computes on: wasm-train's pool (kernel-runtime.ts sizes it from this).
    getThreadsCount: () => threads,
    getXnnpackThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  setThreadsCount(xnnpackThreads);
  const backend = new BackendWasm(module as unknown as ConstructorParameters<typeof BackendWasm>[0]);
  // Pool threads sleep between ops; they must not keep the process alive.
  for (const w of [...(module.PThread?.runningWorkers ?? []), ...(module.PThread?.unusedWorkers ?? [])])
    w.unref();
  return backend;
}

/** tfjs-backend-wasm's own registration priority for 'wasm'. */
const WASM_PRIORITY = 2;
/** Threads of the 'wasm' factory registered here (1: tfjs's stock one), and XNNPACK's share. */
let registeredThreads = 1;
let registeredXnnpackThreads = 1;
/** tfjs-backend-wasm's own factory, kept to put back for one thread. */
let stockFactory: (() => tf.KernelBackend | Promise<tf.KernelBackend>) | undefined;

/** Options of {@link registerThreadedWasmBackend}. */
export interface ThreadedWasmOptions {
  /**
   * Threads of XNNPACK's own pool, which runs the stock kernels this package does not replace
   * (pooling, dense matmuls, broadcasts of other shapes); 1 to `threads`, default 1.
   * Its workers spin for about a million polls after each op, so that a second pool on the same
   * cores slows this package's kernels, which carry most of a training step.
   */
  xnnpackThreads?: number;
}

/**
 * Registers a `'wasm'` backend factory that runs tfjs-backend-wasm's threaded SIMD build in
 * Node: this package's C kernels on `threads` threads, XNNPACK's on `options.xnnpackThreads`.
 * Call it before the backend initialises (before `tf.setBackend('wasm')`); a wasm backend
 * already initialised is removed first.
 *
 * @param threads ≥ 1; 1 keeps tfjs's stock single-threaded build.
 * @returns true when the threaded factory is registered; false where it cannot run (a browser,
 *   or a Node without SharedArrayBuffer) — the stock factory stays, single-threaded.
 */
export function registerThreadedWasmBackend(threads: number, options: ThreadedWasmOptions = {}): boolean {
  const fn = 'registerThreadedWasmBackend';
  if (!Number.isInteger(threads) || threads < 1)
    throw new TricksError(fn, 'threads', 'an integer ≥ 1', describeValue(threads));
  const xnnpack = options.xnnpackThreads ?? 1;
  if (!Number.isInteger(xnnpack) || xnnpack < 1 || xnnpack > threads)
    throw new TricksError(
      fn,
      'options.xnnpackThreads',
      `an integer in [1, ${threads}]`,
      describeValue(xnnpack),
    );
  const want = threads > 1 && threadedWasmAvailable() ? threads : 1;
  const wantXnnpack = want > 1 ? xnnpack : 1;
  if (want === registeredThreads && wantXnnpack === registeredXnnpackThreads) return want > 1;
  const current = tf.engine().registryFactory.wasm ? tf.findBackendFactory('wasm') : undefined;
  if (registeredThreads === 1) stockFactory = current;
  if (current) tf.removeBackend('wasm');
  if (want > 1) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
    tf.registerBackend('wasm', () => createThreadedBackend(want, wantXnnpack), WASM_PRIORITY);
  } else if (stockFactory) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    tf.registerBackend('wasm', stockFactory, WASM_PRIORITY);
  }
  registeredThreads = want;
  registeredXnnpackThreads = wantXnnpack;
  return want > 1;
}

/**
 * Threads of XNNPACK's pool in the initialised wasm backend (1 for the single-threaded builds;
 * undefined before it initialises). `backendInfo().threads` gives this package's pool.
 */
export function xnnpackThreads(): number | undefined {
  const b = tf.engine().registry.wasm as unknown as
    | { wasm?: { tfjs?: { getThreadsCount?: () => number; getXnnpackThreadsCount?: () => number } } }
    | undefined;
  const t = b?.wasm?.tfjs;
  if (!t) return undefined;
  return (t.getXnnpackThreadsCount ?? t.getThreadsCount)?.() ?? 1;
}
