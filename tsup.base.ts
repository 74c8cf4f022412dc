import { defineConfig, type Options } from 'tsup';

/** The one build recipe every package uses: ESM + CJS + d.ts, deps and peers external. */
export function packageBuild(entry: Record<string, string> = { index: 'src/index.ts' }): Options {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    treeshake: true,
    splitting: false,
    // import.meta.url in the CJS build (data locates its embedded files with it).
    shims: true,
    // Keep 'node:fs' etc. as written, so browser bundlers see them as Node built-ins.
    removeNodeProtocol: false,
  }) as Options;
}
