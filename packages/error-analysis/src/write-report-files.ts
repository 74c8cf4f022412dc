import { describeValue, TricksError } from '@tftricks/core';

interface NodeFs {
  mkdir(path: string, options: { recursive: boolean }): Promise<unknown>;
  writeFile(path: string, data: string, encoding: 'utf8'): Promise<void>;
}

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/**
 * Writes `<outDir>/<name>.html` and `<outDir>/<name>.json` (Node only). `node:fs` is imported
 * lazily, by a name bundlers do not follow, so browser bundles never pull it in.
 *
 * @returns the two paths written.
 */
export async function writeReportFiles(
  fn: string,
  outDir: string,
  name: string,
  html: string,
  json: string,
): Promise<{ html: string; json: string }> {
  if (typeof outDir !== 'string' || outDir.length === 0)
    throw new TricksError(fn, 'outDir', 'a folder path', describeValue(outDir));
  if (!/^[\w.-]+$/.test(name))
    throw new TricksError(fn, 'options.name', 'a file name of letters, digits, . _ -', describeValue(name));
  if (!isNode()) {
    throw new TricksError(
      fn,
      'outDir',
      'no outDir outside Node.js (use the returned html)',
      JSON.stringify(outDir),
    );
  }
  const specifier = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as NodeFs;
  await fs.mkdir(outDir, { recursive: true });
  const base = outDir.replace(/[\\/]+$/, '');
  const paths = { html: `${base}/${name}.html`, json: `${base}/${name}.json` };
  await fs.writeFile(paths.html, html, 'utf8');
  await fs.writeFile(paths.json, json, 'utf8');
  return paths;
}
