import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The folders of `src/`, bottom layer first. A file may import files of its own folder and of
 * folders in lower layers, never a folder of its own layer or a higher one: the layers point one
 * way, so no two folders import each other. Tests are held to the same rule.
 */
const LAYERS: readonly (readonly string[])[] = [
  // The Augmentation interface, augment(), batch checks, the p gate, ranges, pixel windows.
  ['base'],
  // Helpers several concept folders share: per-sample arguments, alpha, blur, HSV/hue math.
  ['kernels'],
  // Deterministic functional ops.
  ['color', 'geometric', 'photometric'],
  // Augmentations built from the ops.
  ['mix', 'policies', 'random'],
  // What composes or consumes augmentations.
  ['containers', 'search', 'tta'],
];

const SRC = dirname(fileURLToPath(import.meta.url));

function layerOf(folder: string): number {
  return LAYERS.findIndex((layer) => layer.includes(folder));
}

/** Why `fromFolder` may not import `toFolder`, or null when it may. */
function forbidden(fromFolder: string, toFolder: string): string | null {
  if (fromFolder === toFolder) return null;
  const from = layerOf(fromFolder);
  const to = layerOf(toFolder);
  if (to < 0) return `${toFolder}/ is in no layer`;
  if (to === from) return `${toFolder}/ is in the same layer as ${fromFolder}/`;
  if (to > from) return `${toFolder}/ is in a higher layer than ${fromFolder}/`;
  return null;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports (static or dynamic), as TypeScript reads them. */
function specifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

const files = tsFiles(SRC).map((path) => relative(SRC, path).split(sep).join('/'));

describe('packages/augment/src folder layers', () => {
  it('the rule itself rejects sideways and upward imports', () => {
    expect(forbidden('color', 'photometric')).toMatch(/same layer/);
    expect(forbidden('photometric', 'color')).toMatch(/same layer/);
    expect(forbidden('base', 'random')).toMatch(/higher layer/);
    expect(forbidden('kernels', 'color')).toMatch(/higher layer/);
    expect(forbidden('random', 'nowhere')).toMatch(/in no layer/);
    expect(forbidden('random', 'base')).toBeNull();
    expect(forbidden('search', 'policies')).toBeNull();
  });

  it('every folder of src/ is in exactly one layer, and every layer folder exists', () => {
    const folders = new Set(files.filter((f) => f.includes('/')).map((f) => f.split('/')[0]!));
    const listed = LAYERS.flat();
    expect(new Set(listed).size).toBe(listed.length);
    expect([...folders].sort()).toEqual([...listed].sort());
  });

  it('only index.ts and tests sit at the top of src/', () => {
    const top = files.filter((f) => !f.includes('/') && f !== 'index.ts' && !f.endsWith('.test.ts'));
    expect(top).toEqual([]);
  });

  it('imports point to the same folder or a lower layer', () => {
    const violations: string[] = [];
    for (const file of files) {
      if (!file.includes('/')) continue; // index.ts assembles the public entry from every folder
      const folder = file.split('/')[0]!;
      for (const spec of specifiers(readFileSync(join(SRC, file), 'utf8'))) {
        if (spec === '@tftricks/augment' || spec.startsWith('@tftricks/augment/')) {
          violations.push(`${file}: imports its own package by name ('${spec}')`);
          continue;
        }
        if (!spec.startsWith('.')) continue;
        const target = normalize(join(dirname(file), spec))
          .split(sep)
          .join('/');
        if (target.startsWith('..')) {
          violations.push(`${file}: '${spec}' leaves src/`);
          continue;
        }
        const toFolder = target.includes('/') ? target.split('/')[0]! : '(src root)';
        const why = forbidden(folder, toFolder);
        if (why) violations.push(`${file}: '${spec}' — ${why}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
