import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { TricksError } from '@tftricks/core';
import { convertChannels } from '../convert-channels';
import type { DecodedRgba } from '../decoded-rgba';
import type { ImageFormat } from '../image-format';
import { type ResizeMode, resizeImage } from '../resize-image';

/** Which library decodes files in Node: sharp (libvips, prebuilt from npm) or pure-JS pngjs + jpeg-js. */
export type NodeDecoder = 'sharp' | 'js';

// The few members of sharp / pngjs / jpeg-js used here, typed structurally so that sharp,
// an optional dependency, is not needed to type-check or to use the package.
interface SharpPipeline {
  toColourspace(space: string): SharpPipeline;
  ensureAlpha(): SharpPipeline;
  raw(): SharpPipeline;
  toBuffer(options: {
    resolveWithObject: true;
  }): Promise<{ data: Uint8Array; info: { width: number; height: number; channels: number } }>;
}
/** The libraries `decodeRgba` calls; `sharp` null means the pure-JS fallback. */
export interface DecoderLibs {
  sharp: ((input: Uint8Array, options: { failOn: string }) => SharpPipeline) | null;
  png: { sync: { read(buffer: Uint8Array): { width: number; height: number; data: Uint8Array } } };
  jpeg: {
    decode(
      bytes: Uint8Array,
      options: Record<string, unknown>,
    ): { width: number; height: number; data: Uint8Array };
  };
}

/** Module paths of the decoder libraries, so worker threads load the very same copies. */
export interface DecoderModulePaths {
  sharp: string | null;
  pngjs: string;
  jpegJs: string;
}

/**
 * Decodes PNG / JPEG (and, with sharp, WebP / GIF) bytes to RGBA uint8. Gray, gray+alpha and
 * palette images become RGBA (alpha 255 when absent). No EXIF rotation (like PIL). Throws on
 * a corrupt or truncated file: sharp runs with `failOn: 'warning'`, jpeg-js without tolerant
 * decoding.
 */
export async function decodeRgba(bytes: Uint8Array, libs: DecoderLibs): Promise<DecodedRgba> {
  // Self-contained (no outside references): decode workers run it from its source text.
  if (libs.sharp) {
    const { data, info } = await libs
      .sharp(bytes, { failOn: 'warning' })
      .toColourspace('srgb')
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 4) throw new Error(`sharp returned ${info.channels} channels, expected 4`);
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
    };
  }
  const b = bytes;
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    const png = libs.png.sync.read(b);
    return {
      data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength),
      width: png.width,
      height: png.height,
    };
  }
  if (b[0] === 0xff && b[1] === 0xd8) {
    // Non-tolerant: a truncated JPEG is an error instead of a partly grey image.
    const jpg = libs.jpeg.decode(b, {
      useTArray: true,
      formatAsRGBA: true,
      tolerantDecoding: false,
      maxMemoryUsageInMB: 2048,
    });
    return {
      data: new Uint8Array(jpg.data.buffer, jpg.data.byteOffset, jpg.data.byteLength),
      width: jpg.width,
      height: jpg.height,
    };
  }
  throw new Error('only PNG and JPEG can be decoded without sharp');
}

/** Formats each Node decoder reads. */
export const NODE_DECODER_FORMATS: Record<NodeDecoder, readonly ImageFormat[]> = {
  sharp: ['png', 'jpeg', 'webp', 'gif'],
  js: ['png', 'jpeg'],
};

const requireHere = createRequire(import.meta.url);

/**
 * Finds and loads the decoder: `'auto'` takes sharp when it loads (it is an optional
 * dependency with prebuilt binaries), else pngjs + jpeg-js. `'sharp'` throws a TricksError
 * when sharp is missing.
 */
export function loadDecoder(
  fn: string,
  prefer: 'auto' | NodeDecoder,
): { name: NodeDecoder; libs: DecoderLibs; paths: DecoderModulePaths } {
  let sharpPath: string | null = null;
  let sharp: DecoderLibs['sharp'] = null;
  if (prefer !== 'js') {
    try {
      sharpPath = requireHere.resolve('sharp');
      sharp = requireHere(sharpPath) as DecoderLibs['sharp'];
    } catch (e) {
      if (prefer === 'sharp')
        throw new TricksError(
          fn,
          'options.decoder',
          "'sharp' to be installed and loadable (npm i sharp)",
          `an error loading it: ${(e as Error).message}`,
        );
      sharpPath = null;
    }
  }
  const pngjs = requireHere.resolve('pngjs');
  const jpegJs = requireHere.resolve('jpeg-js');
  const libs: DecoderLibs = {
    sharp,
    png: (requireHere(pngjs) as { PNG: DecoderLibs['png'] }).PNG,
    jpeg: requireHere(jpegJs) as DecoderLibs['jpeg'],
  };
  return { name: sharp ? 'sharp' : 'js', libs, paths: { sharp: sharpPath, pngjs, jpegJs } };
}

/** What to do to each decoded image. */
export interface DecodeSpec {
  /** `[H, W, C]` of the output. */
  imageShape: [number, number, number];
  resize: ResizeMode;
}

/** Reads, decodes, converts and resizes one file in this thread: uint8 H·W·C in [0, 255]. */
export async function decodeImageFile(
  path: string,
  spec: DecodeSpec,
  libs: DecoderLibs,
): Promise<Uint8Array> {
  const bytes = await readFile(path);
  const rgba = await decodeRgba(bytes, libs);
  const [h, w, c] = spec.imageShape;
  return resizeImage(convertChannels(rgba.data, c), [rgba.height, rgba.width, c], [h, w], spec.resize);
}
