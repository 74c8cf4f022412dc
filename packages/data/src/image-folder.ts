import { assertInteger, assertOneOf, describeValue, TricksError } from '@tftricks/core';
import type { LabelledBatch } from './batches';
import type { ImageDataset } from './image-dataset';
import { DEFAULT_IMAGE_EXTENSIONS, fileExtension, type ImageFormat, sniffImageFormat } from './image-format';
import { LruCache } from './lru-cache';
import type { ResizeMode } from './resize-image';
import { type AsyncImageSource, type StreamBatchesOptions, streamBatches } from './stream-batches';

/** Options shared by `imageFolder` (Node) and `imageFolderFromFiles` (browser). */
export interface ImageFolderOptions {
  /** Output size: `S` for S×S, or `[H, W]`; integers ≥ 1. */
  size: number | [number, number];
  /** Output channels: 1 (luma), 3 (RGB, default) or 4 (RGBA). */
  channels?: 1 | 3 | 4;
  /**
   * The class folders to read, in label order (label i = `classNames[i]`). Default: every
   * class folder, sorted by name (code-unit order, like Python's `sorted`).
   */
  classNames?: string[];
  /** File extensions to read, lower case with the dot. Default `.png .jpg .jpeg .webp`. Other files are ignored. */
  extensions?: string[];
  /**
   * Decoded images kept in an in-memory LRU cache (≥ 0; 0 disables it), each H·W·C bytes.
   * Default: as many as fit in 256 MiB.
   */
  cache?: number;
  /** `'shorter-side-center-crop'` (default) or `'stretch'`; see {@link ResizeMode}. */
  resize?: ResizeMode;
  /**
   * false (default): unreadable files are skipped with one warning listing them. true: any
   * unreadable file is a TricksError.
   */
  strict?: boolean;
  /**
   * How unreadable files are found before training: `'header'` (default) checks every file's
   * magic bytes while scanning (cheap); `'decode'` decodes every image once (slow, and it fills
   * the cache), so no file can fail later. A file that passes the header check but fails to
   * decode during an epoch is dropped from its batch with a warning (lenient) or throws (strict).
   */
  verify?: 'header' | 'decode';
  /** Receives warnings (skipped files). Default `console.warn`. */
  onWarning?: (message: string) => void;
}

/** A file left out of an image folder, with why. */
export interface SkippedFile {
  /** Path relative to the folder root, `/`-separated. */
  path: string;
  reason: string;
}

/** A candidate image of an image folder, before checking. @internal */
export interface FolderEntry {
  /** Path relative to the folder root, `/`-separated. */
  path: string;
  /** Class folder name. */
  className: string;
}

/** What decodes images for one kind of folder (Node files or browser Files). @internal */
export interface FolderIo {
  /** Name of the decoder in use, e.g. `'sharp'`, `'pngjs/jpeg-js'`, `'createImageBitmap'`. */
  decoder: string;
  /** Formats the decoder can read. */
  formats: readonly ImageFormat[];
  /** The first 16 bytes of an entry's file. */
  readHead(entry: FolderEntry): Promise<Uint8Array>;
  /** Decodes, converts and resizes one image to uint8 H·W·C; rejects on a corrupt file. */
  decode(entry: FolderEntry): Promise<Uint8Array>;
  /** Frees decoder resources (worker threads). */
  close?(): Promise<void>;
}

/** The checked options, with defaults filled in. @internal */
export interface ResolvedFolderOptions {
  imageShape: [number, number, number];
  resize: ResizeMode;
  extensions: string[];
  classNames?: string[];
  cache: number;
  strict: boolean;
  verify: 'header' | 'decode';
  warn: (message: string) => void;
}

const MAX_LISTED = 20;

/** Checks and completes image-folder options; throws a TricksError naming `fn`. @internal */
export function resolveFolderOptions(fn: string, options: ImageFolderOptions): ResolvedFolderOptions {
  if (!options || typeof options !== 'object')
    throw new TricksError(fn, 'options', 'an object with at least { size }', describeValue(options));
  const size = options.size;
  const [h, w] =
    typeof size === 'number'
      ? [size, size]
      : Array.isArray(size) && size.length === 2
        ? size
        : [Number.NaN, Number.NaN];
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1) {
    throw new TricksError(
      fn,
      'options.size',
      'an integer ≥ 1 or [H, W] of integers ≥ 1',
      Array.isArray(size) ? `[${size.join(', ')}]` : describeValue(size),
    );
  }
  const channels = options.channels ?? 3;
  if (channels !== 1 && channels !== 3 && channels !== 4)
    throw new TricksError(fn, 'options.channels', 'one of 1, 3, 4', describeValue(channels));
  const resize = options.resize ?? 'shorter-side-center-crop';
  assertOneOf(fn, 'options.resize', resize, ['shorter-side-center-crop', 'stretch'] as const);
  const verify = options.verify ?? 'header';
  assertOneOf(fn, 'options.verify', verify, ['header', 'decode'] as const);
  const extensions = options.extensions ?? [...DEFAULT_IMAGE_EXTENSIONS];
  if (!Array.isArray(extensions) || extensions.length === 0)
    throw new TricksError(
      fn,
      'options.extensions',
      'a non-empty array like [".png", ".jpg"]',
      describeValue(extensions),
    );
  extensions.forEach((e, i) => {
    if (typeof e !== 'string' || !/^\.[^./\\]+$/.test(e))
      throw new TricksError(
        fn,
        `options.extensions[${i}]`,
        'an extension with its dot, like ".png"',
        describeValue(e),
      );
  });
  if (options.classNames !== undefined) {
    const names = options.classNames;
    if (!Array.isArray(names) || names.length === 0)
      throw new TricksError(
        fn,
        'options.classNames',
        'a non-empty array of folder names',
        describeValue(names),
      );
    const seen = new Set<string>();
    names.forEach((name, i) => {
      if (typeof name !== 'string' || name === '' || seen.has(name)) {
        throw new TricksError(
          fn,
          `options.classNames[${i}]`,
          'a unique, non-empty folder name',
          describeValue(name),
        );
      }
      seen.add(name);
    });
  }
  const imageBytes = h * w * channels;
  const cache = options.cache ?? Math.max(1, Math.floor((256 * 1024 * 1024) / imageBytes));
  assertInteger(fn, 'options.cache', cache, 0);
  const warn = options.onWarning ?? ((message: string) => console.warn(message));
  if (typeof warn !== 'function')
    throw new TricksError(fn, 'options.onWarning', 'a function', describeValue(warn));
  return {
    imageShape: [h, w, channels],
    resize,
    extensions: extensions.map((e) => e.toLowerCase()),
    classNames: options.classNames,
    cache,
    strict: options.strict ?? false,
    verify,
    warn,
  };
}

function listSkipped(skipped: SkippedFile[]): string {
  const lines = skipped.slice(0, MAX_LISTED).map((s) => `  ${s.path}: ${s.reason}`);
  if (skipped.length > MAX_LISTED)
    lines.push(`  … and ${skipped.length - MAX_LISTED} more (see folder.skipped)`);
  return lines.join('\n');
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * An image-folder dataset: one class per folder, images decoded lazily batch by batch into an
 * LRU cache. `labels`, `files` and `classNames` are known up front, so `stratifiedSplit`,
 * `kFold` and `batches({ indices })` work unchanged. Call `close()` when done (it stops the
 * decode workers in Node).
 *
 * @example
 * for await (const { images, targets } of folder.batches({ batchSize: 32, rng: createRng(0) })) {
 *   optimizer.minimize(() => loss(model.predict(images), targets));
 * } // tensors are disposed as the loop advances
 */
export class ImageFolder implements AsyncImageSource {
  /** N image paths relative to the folder root, `/`-separated, grouped by class then sorted. */
  readonly files: string[];
  /** N labels in [0, numClasses): index into `classNames`. */
  readonly labels: Int32Array;
  /** Class folder names, by label. */
  readonly classNames: string[];
  readonly numClasses: number;
  /** `[H, W, C]` of every decoded image. */
  readonly imageShape: [number, number, number];
  /** Files left out: unreadable at scan time, or (lenient) failing to decode later. */
  readonly skipped: SkippedFile[];
  /** Files ignored because of their extension (not images by `options.extensions`). */
  readonly ignored: string[];
  /** The decoder in use: `'sharp'`, `'pngjs/jpeg-js'` or `'createImageBitmap'`. */
  readonly decoder: string;
  /** Decoded uint8 images by index (LRU, bounded by `options.cache`). */
  readonly cache: LruCache<number, Uint8Array>;
  private readonly fn: string;
  private readonly entries: FolderEntry[];
  private readonly io: FolderIo;
  private readonly strict: boolean;
  private readonly warn: (message: string) => void;
  private readonly failed = new Set<number>();
  private readonly inFlight = new Map<number, Promise<Uint8Array>>();

  /** @internal use `imageFolder` or `imageFolderFromFiles`. */
  constructor(init: {
    fn: string;
    entries: FolderEntry[];
    labels: Int32Array;
    classNames: string[];
    options: ResolvedFolderOptions;
    skipped: SkippedFile[];
    ignored: string[];
    io: FolderIo;
  }) {
    this.fn = init.fn;
    this.entries = init.entries;
    this.files = init.entries.map((e) => e.path);
    this.labels = init.labels;
    this.classNames = init.classNames;
    this.numClasses = init.classNames.length;
    this.imageShape = init.options.imageShape;
    this.skipped = init.skipped;
    this.ignored = init.ignored;
    this.io = init.io;
    this.decoder = init.io.decoder;
    this.cache = new LruCache(init.options.cache);
    this.strict = init.options.strict;
    this.warn = init.options.warn;
  }

  /** Number of images (N). */
  get size(): number {
    return this.labels.length;
  }

  /**
   * Decoded uint8 H·W·C pixels of the images at `indices`, in order (from the cache when
   * there). A file that fails to decode is `null` and is reported once (lenient), or the call
   * rejects with a TricksError naming it (strict).
   */
  async loadImages(indices: number[]): Promise<(Uint8Array | null)[]> {
    const failures: SkippedFile[] = [];
    const out = await Promise.all(
      indices.map(async (i) => {
        if (!Number.isInteger(i) || i < 0 || i >= this.size)
          throw new TricksError(this.fn, 'index', `an index in [0, ${this.size})`, describeValue(i));
        if (this.failed.has(i)) return null;
        try {
          return await this.loadOne(i);
        } catch (e) {
          if (e instanceof TricksError) throw e;
          // Lenient: remember the failure so later epochs skip the file without retrying.
          if (!this.strict) this.failed.add(i);
          failures.push({
            path: this.files[i]!,
            reason: `could not be decoded (${(e as Error).message ?? String(e)})`,
          });
          return null;
        }
      }),
    );
    if (failures.length > 0) {
      if (this.strict) {
        throw new TricksError(
          this.fn,
          'files',
          'decodable images (strict: true)',
          failures.map((f) => `${f.path} which ${f.reason}`).join('; '),
        );
      }
      this.skipped.push(...failures);
      this.warn(
        `${this.fn}: left ${failures.length} image(s) out of this batch and all later ones, they failed to decode:\n${listSkipped(failures)}`,
      );
    }
    return out;
  }

  private loadOne(i: number): Promise<Uint8Array> {
    const hit = this.cache.get(i);
    if (hit) return Promise.resolve(hit);
    let p = this.inFlight.get(i);
    if (!p) {
      p = this.io.decode(this.entries[i]!).then(
        (px) => {
          this.inFlight.delete(i);
          this.cache.set(i, px);
          return px;
        },
        (e: unknown) => {
          this.inFlight.delete(i);
          throw e;
        },
      );
      this.inFlight.set(i, p);
    }
    return p;
  }

  /**
   * Streams the folder as float32 `Images` [B, H, W, C] in [0, 1] with one-hot `Targets`
   * [B, K]: `for await (const b of folder.batches({ batchSize, rng }))`. Same options and
   * `LabelledBatch` shape as `batches`, plus `prefetch` (batches decoded ahead, default 2).
   */
  batches(options: StreamBatchesOptions): AsyncGenerator<LabelledBatch, void, undefined> {
    return streamBatches(this, options, `${this.fn}.batches`);
  }

  /**
   * Decodes every image into an in-memory {@link ImageDataset} (uint8 pixels [0, 255], NHWC),
   * for small folders. Images that fail to decode are left out (lenient; listed in `skipped`)
   * and `files` lists the images kept, in dataset order.
   */
  async toDataset(): Promise<ImageDataset & { files: string[] }> {
    const [h, w, c] = this.imageShape;
    const size = h * w * c;
    const decoded: (Uint8Array | null)[] = [];
    // Chunks bound the decoded-but-unstored images in flight.
    for (let start = 0; start < this.size; start += 64) {
      const idx = Array.from({ length: Math.min(64, this.size - start) }, (_, k) => start + k);
      decoded.push(...(await this.loadImages(idx)));
    }
    const kept = decoded.flatMap((px, i) => (px ? [i] : []));
    const pixels = new Uint8Array(kept.length * size);
    kept.forEach((i, k) => {
      pixels.set(decoded[i]!, k * size);
    });
    return {
      pixels,
      labels: Int32Array.from(kept, (i) => this.labels[i]!),
      imageShape: [h, w, c],
      numClasses: this.numClasses,
      classNames: [...this.classNames],
      files: kept.map((i) => this.files[i]!),
    };
  }

  /** Stops decode workers and empties the cache. The folder can no longer decode afterwards. */
  async close(): Promise<void> {
    this.cache.clear();
    await this.io.close?.();
  }
}

/**
 * Builds an {@link ImageFolder} from candidate files: filters by extension, assigns sorted (or
 * given) class indices, checks every file's magic bytes (and, with `verify: 'decode'`, decodes
 * it), then warns about or (strict) rejects unreadable files. @internal
 */
export async function buildImageFolder(
  fn: string,
  candidates: FolderEntry[],
  options: ResolvedFolderOptions,
  io: FolderIo,
  classFolders?: string[],
): Promise<ImageFolder> {
  const ignored: FolderEntry[] = [];
  const images: FolderEntry[] = [];
  for (const c of candidates) (options.extensions.includes(fileExtension(c.path)) ? images : ignored).push(c);

  // Every class folder is a class, even one with no images (torchvision's ImageFolder does the same).
  const found = [...new Set(classFolders ?? candidates.map((c) => c.className))].sort(byCodeUnit);
  let classNames = found;
  if (options.classNames) {
    const missing = options.classNames.filter((name) => !found.includes(name));
    if (missing.length > 0) {
      throw new TricksError(
        fn,
        'options.classNames',
        `class folders that exist (found: ${found.map((f) => JSON.stringify(f)).join(', ') || 'none'})`,
        `missing ${missing.map((m) => JSON.stringify(m)).join(', ')}`,
      );
    }
    classNames = [...options.classNames];
  }
  const labelOf = new Map(classNames.map((name, i) => [name, i]));
  const inClasses = images.filter((e) => labelOf.has(e.className));
  inClasses.sort(
    (a, b) => labelOf.get(a.className)! - labelOf.get(b.className)! || byCodeUnit(a.path, b.path),
  );

  const skipped: SkippedFile[] = [];
  const heads = await mapInChunks(inClasses, 64, (e) => io.readHead(e).catch(() => null));
  let entries = inClasses.filter((e, i) => {
    const head = heads[i]!;
    const format = head ? sniffImageFormat(head) : null;
    if (!head) skipped.push({ path: e.path, reason: 'could not be read' });
    else if (head.length === 0) skipped.push({ path: e.path, reason: 'is empty' });
    else if (!format)
      skipped.push({
        path: e.path,
        reason: `is not a PNG, JPEG, WebP or GIF image (starts with ${hex(head)})`,
      });
    else if (!io.formats.includes(format))
      skipped.push({
        path: e.path,
        reason: `is ${format.toUpperCase()}, which the ${io.decoder} decoder cannot read`,
      });
    else return true;
    return false;
  });

  let decoded: (Uint8Array | null)[] | null = null;
  if (options.verify === 'decode') {
    decoded = await mapInChunks(entries, 64, (e) =>
      io.decode(e).catch((err: unknown) => {
        skipped.push({
          path: e.path,
          reason: `could not be decoded (${(err as Error).message ?? String(err)})`,
        });
        return null;
      }),
    );
    const ok = decoded.map((d) => d !== null);
    entries = entries.filter((_, i) => ok[i]);
    decoded = decoded.filter((d) => d !== null);
  }

  if (skipped.length > 0) {
    skipped.sort((a, b) => byCodeUnit(a.path, b.path));
    if (options.strict) {
      await io.close?.();
      throw new TricksError(
        fn,
        'files',
        'only readable images (strict: true)',
        `${skipped.length} unreadable file(s):\n${listSkipped(skipped)}`,
      );
    }
    options.warn(
      `${fn}: skipped ${skipped.length} of ${inClasses.length} image file(s) that cannot be read (strict: true makes this an error):\n${listSkipped(skipped)}`,
    );
  }
  if (entries.length === 0) {
    await io.close?.();
    throw new TricksError(
      fn,
      'files',
      `readable images in class folders (extensions ${options.extensions.join(' ')})`,
      `none among ${candidates.length} file(s)`,
    );
  }
  const folder = new ImageFolder({
    fn,
    entries,
    labels: Int32Array.from(entries, (e) => labelOf.get(e.className)!),
    classNames,
    options,
    skipped,
    ignored: ignored.map((e) => e.path),
    io,
  });
  if (decoded) {
    decoded.slice(0, options.cache).forEach((px, i) => {
      folder.cache.set(i, px!);
    });
  }
  return folder;
}

function hex(head: Uint8Array): string {
  return Array.from(head.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

async function mapInChunks<T, U>(items: T[], chunk: number, f: (item: T) => Promise<U>): Promise<U[]> {
  const out: U[] = [];
  for (let start = 0; start < items.length; start += chunk)
    out.push(...(await Promise.all(items.slice(start, start + chunk).map(f))));
  return out;
}
