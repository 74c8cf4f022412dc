#!/usr/bin/env node
/**
 * tftricks demo (the README's first command): `tftricks train` with the demo's defaults —
 * Fashion-MNIST (the subset embedded in @tftricks/data unless --data / --full), the `baseline`
 * and `recipe` recipes side by side, the report in apps/demo/out — on the fastest backend.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { resolve } from 'node:path';
import { type BackendName, setupBackend } from '@tftricks/core';
import { trainCommand } from '@tftricks/train/node';
import { wasmTrain } from '@tftricks/wasm-train';

process.exitCode = await trainCommand(process.argv.slice(2), {
  program: 'pnpm demo',
  about:
    'Trains each recipe on Fashion-MNIST and writes an HTML report comparing them (report.html, summary.json, the trained models).',
  recipes: 'baseline,recipe',
  // Its own recipes by name: `pnpm demo --recipes e1-baseline,e1-recipe --full`.
  recipesDir: resolve(import.meta.dirname, '..', 'recipes'),
  data: 'fashion-mnist',
  out: resolve(import.meta.dirname, '..', 'out'),
  title: 'tftricks demo',
  // An image folder is read like Fashion-MNIST: 28×28 grey, 20% held out.
  folderDefaults: { size: 28, channels: 1, valSplit: 0.2 },
  setupBackend: (name, options) => setupBackend(name as BackendName, { ...options, wasm: wasmTrain }),
});
