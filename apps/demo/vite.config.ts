import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const packages = fileURLToPath(new URL('../../packages/', import.meta.url));

/** `@tftricks/<name>` → the package's TypeScript sources, so the page needs no build step. */
function packageAliases() {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const dir of readdirSync(packages)) {
    const src = `${packages}${dir}/src`;
    if (!existsSync(`${src}/index.ts`)) continue;
    aliases.push({ find: new RegExp(`^@tftricks/${dir}/([\\w-]+)$`), replacement: `${src}/$1/index.ts` });
    aliases.push({ find: new RegExp(`^@tftricks/${dir}$`), replacement: `${src}/index.ts` });
  }
  return aliases;
}

/**
 * The browser page (apps/demo/web). The embedded Fashion-MNIST subset is served as static
 * files from @tftricks/data, so the page trains on the same images as the CLI.
 */
export default defineConfig({
  root: `${here}web`,
  publicDir: `${packages}data/fashion-mnist-subset`,
  // One tfjs engine for the page and every package (backends register into it).
  resolve: { alias: packageAliases(), dedupe: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers'] },
  server: { host: '127.0.0.1', fs: { allow: [`${here}../..`] } },
  preview: { host: '127.0.0.1' },
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-backend-webgpu',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-layers',
      '@tensorflow/tfjs-core/dist/register_all_gradients',
      'yaml',
    ],
  },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
