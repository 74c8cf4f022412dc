import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFashionMnist } from '@tftricks/data';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** What {@link writeFashionFolder} wrote, relative to the folder. */
export interface FashionFolder {
  dir: string;
  classNames: string[];
  /** A `.png` that is not a PNG (skipped with a warning, or an error with --strict). */
  corrupt: string;
  /** A text file (not an image by its extension: ignored). */
  notImage: string;
}

/**
 * Writes an image folder for the CLI tests from real Fashion-MNIST images (the embedded
 * subset): `dir/<class>/<n>.png|.jpg`, `perClass` images of each of `classes`, alternating
 * PNG and JPEG. `rgb`: every other image is written as a tinted RGB image instead of grey, so
 * the folder mixes grey and colour files. Plus one corrupt PNG and one text file.
 */
export async function writeFashionFolder(
  dir: string,
  options: { classes: number[]; perClass: number; rgb?: boolean },
): Promise<FashionFolder> {
  const { train } = await loadFashionMnist({ subset: true });
  const names = train.classNames ?? [];
  const classNames = options.classes.map((k) => (names[k] ?? `class${k}`).replace(/[^\w-]+/g, '-'));
  const [h, w] = train.imageShape;
  options.classes.forEach((k, c) => {
    mkdirSync(join(dir, classNames[c]!), { recursive: true });
    let written = 0;
    for (let i = 0; i < train.labels.length && written < options.perClass; i++) {
      if (train.labels[i] !== k) continue;
      const grey = train.pixels.subarray(i * h * w, (i + 1) * h * w);
      const tint = options.rgb && written % 2 === 1;
      const rgba = Buffer.alloc(h * w * 4);
      for (let p = 0; p < h * w; p++) {
        const v = grey[p]!;
        rgba[p * 4] = v;
        rgba[p * 4 + 1] = tint ? Math.round(v * 0.6) : v;
        rgba[p * 4 + 2] = tint ? Math.round(v * 0.3) : v;
        rgba[p * 4 + 3] = 255;
      }
      const base = join(dir, classNames[c]!, String(written).padStart(3, '0'));
      if (written % 2 === 0) {
        const png = new PNG({ width: w, height: h, colorType: tint ? 2 : 0 });
        png.data = rgba;
        writeFileSync(`${base}.png`, PNG.sync.write(png, { colorType: tint ? 2 : 0 }));
      } else writeFileSync(`${base}.jpg`, jpeg.encode({ data: rgba, width: w, height: h }, 90).data);
      written++;
    }
  });
  const corrupt = `${classNames[0]}/broken.png`;
  writeFileSync(join(dir, corrupt), 'this is not a PNG file');
  const notImage = `${classNames[1] ?? classNames[0]}/notes.txt`;
  writeFileSync(join(dir, notImage), 'labels checked by hand');
  return { dir, classNames, corrupt, notImage };
}
