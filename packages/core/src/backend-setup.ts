import * as tf from '@tensorflow/tfjs-core';
import { ensureGradients } from './backend-gradients';
import { describeValue, TricksError } from './tricks-error';

/** Backend names `setupBackend` understands. `'tensorflow'` is tfjs-node / tfjs-node-gpu. */
export type BackendName = 'auto' | 'tensorflow' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** A module loader for one backend, e.g. `() => import('@tensorflow/tfjs-backend-webgl')`. */
export type BackendLoader = () => Promise<unknown>;

export interface SetupBackendOptions {
  /**
   * Loaders for backends, keyed by backend name. In a browser bundle pass the ones you ship
   * (bundlers cannot see optional imports by name); in Node the defaults load the
   * installed `@tensorflow/tfjs-node-gpu`, `-node`, `-backend-wasm` and `-backend-cpu`.
   */
  loaders?: Partial<Record<Exclude<BackendName, 'auto'>, BackendLoader | BackendLoader[]>>;
}

const NODE_ORDER: Exclude<BackendName, 'auto'>[] = ['tensorflow', 'wasm', 'cpu'];
const BROWSER_ORDER: Exclude<BackendName, 'auto'>[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
const ALL: BackendName[] = ['auto', 'tensorflow', 'webgpu', 'webgl', 'wasm', 'cpu'];

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return (
    typeof p?.versions?.node === 'string' &&
    typeof (globalThis as { window?: unknown }).window === 'undefined'
  );
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

function defaultLoaders(): Record<Exclude<BackendName, 'auto'>, BackendLoader[]> {
  return {
    tensorflow: [
      () => importOptional('@tensorflow/tfjs-node-gpu'),
      () => importOptional('@tensorflow/tfjs-node'),
    ],
    webgpu: [() => importOptional('@tensorflow/tfjs-backend-webgpu')],
    webgl: [() => importOptional('@tensorflow/tfjs-backend-webgl')],
    // wasm can only train CNNs with the kernels of @tftricks/wasm-train; loading that
    // package registers them (it imports the wasm backend itself).
    wasm: [() => importOptional('@tensorflow/tfjs-backend-wasm')],
    cpu: [() => importOptional('@tensorflow/tfjs-backend-cpu')],
  };
}

async function wasmTrainKernels(): Promise<boolean> {
  try {
    const mod = (await importOptional('@tftricks/wasm-train')) as { registerWasmTrainKernels?: () => void };
    mod.registerWasmTrainKernels?.();
    return typeof mod.registerWasmTrainKernels === 'function';
  } catch {
    return false;
  }
}

function registered(name: string): boolean {
  return tf.engine().registryFactory[name] !== undefined;
}

async function tryBackend(name: Exclude<BackendName, 'auto'>, loaders: BackendLoader[]): Promise<boolean> {
  if (!registered(name)) {
    for (const load of loaders) {
      try {
        await load();
      } catch {
        // Not installed: try the next loader.
      }
      if (registered(name)) break;
    }
  }
  if (!registered(name)) return false;
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/**
 * Picks and initialises a tfjs backend, and makes sure gradients are registered.
 *
 * `'auto'` tries, in order — Node: `tensorflow` (when `@tensorflow/tfjs-node-gpu` or
 * `@tensorflow/tfjs-node` is installed), `wasm` (only when `@tftricks/wasm-train` is installed,
 * since stock wasm cannot train a CNN), `cpu`; browser: `webgpu`, `webgl`, `wasm`, `cpu`.
 * An explicit name loads that backend (and, for `'wasm'`, the wasm-train kernels when present)
 * or throws a {@link TricksError}.
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
  const loaders = defaultLoaders();
  for (const [name, l] of Object.entries(options.loaders ?? {})) {
    if (l)
      loaders[name as Exclude<BackendName, 'auto'>] = (Array.isArray(l) ? l : [l]).concat(
        loaders[name as Exclude<BackendName, 'auto'>],
      );
  }
  const node = isNode();
  const order = prefer === 'auto' ? (node ? NODE_ORDER : BROWSER_ORDER) : [prefer];
  for (const name of order) {
    if (name === 'wasm') {
      const haveKernels = await wasmTrainKernels();
      if (prefer === 'auto' && node && !haveKernels) continue;
    }
    if (await tryBackend(name, loaders[name])) {
      await tf.ready();
      if (name === 'wasm') await wasmTrainKernels();
      await ensureGradients();
      return tf.getBackend();
    }
  }
  throw new TricksError(
    'setupBackend',
    'prefer',
    prefer === 'auto' ? 'at least one installed backend' : `an installed, working '${prefer}' backend`,
    `none could be initialised (tried ${order.join(', ')})`,
  );
}
