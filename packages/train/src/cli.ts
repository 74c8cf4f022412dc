#!/usr/bin/env node
/**
 * The `tftricks` bin: `tftricks train --data DIR [options]` trains a recipe of tricks on a
 * folder of images (one subfolder per class) or on IDX files, and writes an HTML
 * error-analysis report, a JSON summary and the trained model. The one entry of
 * @tftricks/train that loads backends.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { type BackendName, setupBackend } from '@tftricks/core';
import { wasmTrain } from '@tftricks/wasm-train';
import { trainCommand } from './node/train-command';

const HELP = `Usage: tftricks <command> [options]

Commands:
  train   train a recipe on your images (tftricks train --help for its options)

  tftricks train --data photos              photos/<class>/<image>: JPEG, PNG, WebP
  tftricks train --data photos --recipe baseline,recipe --epochs 10 --size 64
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'train') {
    return trainCommand(rest, {
      program: 'tftricks train',
      about:
        'Trains each recipe on DIR and writes an HTML error-analysis report (report.html), a JSON summary (summary.json) and each trained model (model-<recipe>/model.json) to --out.',
      setupBackend: (name, options) => setupBackend(name as BackendName, { ...options, wasm: wasmTrain }),
    });
  }
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  process.stderr.write(`tftricks: unknown command '${command}'\n\n${HELP}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  },
);
