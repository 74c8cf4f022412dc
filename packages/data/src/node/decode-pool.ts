import { Worker } from 'node:worker_threads';
import { TricksError } from '@tftricks/core';
import { convertChannels } from '../convert-channels';
import { resizeImage } from '../resize-image';
import { type DecoderModulePaths, type DecodeSpec, decodeRgba } from './decode-image';

interface Job {
  id: number;
  path: string;
  resolve: (pixels: Uint8Array) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
}

type Reply = { id: number; pixels: Uint8Array } | { id: number; error: string; fatal: boolean };

/**
 * The worker's program. The decode, channel and resize functions are the package's own,
 * inlined from their source text: a worker cannot load TypeScript sources (tests) and this
 * way needs no separate worker file next to the bundle either.
 */
function workerSource(): string {
  return `
// Bundlers that keep function names (esbuild keepNames, as tsx uses) call __name inside
// function bodies; it only sets .name, so a pass-through is enough here.
var __name = (f) => f;
const { parentPort, workerData } = require('node:worker_threads');
const { readFile } = require('node:fs/promises');
const decodeRgba = (${decodeRgba.toString()});
const convertChannels = (${convertChannels.toString()});
const resizeImage = (${resizeImage.toString()});
const paths = workerData.paths;
const libs = {
  sharp: paths.sharp ? require(paths.sharp) : null,
  png: require(paths.pngjs).PNG,
  jpeg: require(paths.jpegJs),
};
const spec = workerData.spec;
const [h, w, c] = spec.imageShape;
parentPort.on('message', async ({ id, path }) => {
  try {
    const rgba = await decodeRgba(await readFile(path), libs);
    const pixels = resizeImage(convertChannels(rgba.data, c), [rgba.height, rgba.width, c], [h, w], spec.resize);
    parentPort.postMessage({ id, pixels }, [pixels.buffer]);
  } catch (e) {
    // A ReferenceError or SyntaxError is a fault of this program, not of the image: report it as fatal.
    const fatal = e instanceof ReferenceError || e instanceof SyntaxError;
    parentPort.postMessage({ id, error: String((e && e.message) || e), fatal });
  }
});
`;
}

/**
 * A broken or crashed worker is a TricksError, so the image folder raises it instead of
 * taking every image for a corrupt file.
 */
function workerFault(message: string): TricksError {
  return new TricksError(
    'imageFolder',
    'options.workers',
    'decode worker threads that run (or workers: 0)',
    `a worker failure: ${message}`,
  );
}

/**
 * A pool of worker threads that read, decode, convert and resize image files, so decoding
 * batch k+1 runs while the main thread trains on batch k. Idle workers do not keep the
 * process alive; `close()` stops them.
 */
export class DecodePool {
  /** Number of worker threads. */
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly source = workerSource();
  private nextId = 0;
  private closed = false;

  constructor(
    size: number,
    private readonly paths: DecoderModulePaths,
    private readonly spec: DecodeSpec,
  ) {
    this.size = size;
  }

  private spawn(): Slot {
    const worker = new Worker(this.source, {
      eval: true,
      workerData: { paths: this.paths, spec: this.spec },
    });
    const slot: Slot = { worker, jobs: new Map() };
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const job = slot.jobs.get(reply.id);
      if (!job) return;
      slot.jobs.delete(reply.id);
      if (slot.jobs.size === 0) worker.unref();
      if ('error' in reply) job.reject(reply.fatal ? workerFault(reply.error) : new Error(reply.error));
      else job.resolve(reply.pixels);
    });
    // A crashed worker fails its jobs and is replaced on the next request.
    const fail = (error: Error) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      for (const job of slot.jobs.values()) job.reject(error);
      slot.jobs.clear();
    };
    worker.on('error', (e) => fail(workerFault(e.message)));
    worker.on('exit', (code) => fail(workerFault(`it exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  /** Decodes one file to uint8 H·W·C pixels in [0, 255] on the least busy worker. */
  decode(path: string): Promise<Uint8Array> {
    if (this.closed)
      return Promise.reject(
        new TricksError('imageFolder', 'folder', 'an open folder', 'one whose close() was called'),
      );
    let slot = this.slots.length < this.size ? this.spawn() : this.slots[0]!;
    for (const s of this.slots) if (s.jobs.size < slot.jobs.size) slot = s;
    return new Promise<Uint8Array>((resolve, reject) => {
      const id = this.nextId++;
      slot.jobs.set(id, { id, path, resolve, reject });
      // Busy workers keep the process alive until their replies arrive.
      slot.worker.ref();
      slot.worker.postMessage({ id, path });
    });
  }

  /** Stops every worker; pending decodes reject. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
