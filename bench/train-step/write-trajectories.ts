// Writes the cpu backend's trajectories of every bench model (train-step/cpu-trajectories.json),
// the reference bench-models.node.test.ts checks wasm against. Regenerate after changing a
// model or the trajectory settings (minutes: the cpu backend's convolutions are naive loops):
//
//   cd /work/main/bench && npx tsx train-step/write-trajectories.ts
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '@tftricks/core';
import { MODEL_NAMES } from './models';
import { TRAJECTORY, trajectory } from './trajectory';

await setupBackend('cpu');
const losses: Record<string, number[]> = {};
for (const name of MODEL_NAMES) {
  const t0 = performance.now();
  losses[name] = trajectory(name);
  console.log(
    `${name}: ${((performance.now() - t0) / 1000).toFixed(0)} s, loss ${losses[name]![0]!.toFixed(4)} → ${losses[name]!.at(-1)!.toFixed(4)}`,
  );
}
const file = new URL('./cpu-trajectories.json', import.meta.url);
writeFileSync(
  file,
  `${JSON.stringify({ backend: 'cpu', tfjs: tf.version_core, ...TRAJECTORY, losses }, null, 1)}\n`,
);
console.log(`wrote ${file.pathname}`);
