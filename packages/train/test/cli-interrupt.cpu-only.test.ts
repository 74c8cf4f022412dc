/**
 * The CLI's Ctrl-C path, as a user meets it: the SIGINT must be handled within a step (the
 * training loop yields to the event loop), a plain run saves a checkpoint and prints the resume
 * command, and a phase without checkpoints (a distillation teacher's own training) says that
 * nothing was saved and writes no file.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const demoDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs the CLI on a recipe (wasm, 1,280 images, output in `out`) and sends SIGINT once a
 * progress bar shows a loss (training has started).
 */
function interruptDuringTraining(
  recipe: string,
  out: string,
): Promise<{ output: string; code: number | null }> {
  const args = [
    '--recipes',
    `recipes/${recipe}.yaml`,
    '--backend',
    'wasm',
    '--train-limit',
    '1280',
    '--out',
    out,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: demoDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let sent = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!sent && output.includes('loss ')) {
        sent = true;
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => resolve({ output, code }));
  });
}

test('Ctrl-C in a plain run saves a checkpoint and prints the resume command', async () => {
  const out = mkdtempSync(join(tmpdir(), 'tftricks-cli-int-'));
  const { output, code } = await interruptDuringTraining('baseline', out);
  expect(code).toBe(0);
  const path = join(out, 'checkpoint-baseline.json');
  expect(output).toContain(`checkpoint saved: ${path}`);
  expect(output).toContain(`--resume ${path}`);
  expect(existsSync(path)).toBe(true);
}, 180_000);

// The teacher phase writes no files, so before the loop yielded each step the SIGINT waited
// until the student's first checkpoint and this run ended with "checkpoint saved".
test('Ctrl-C while the distillation teacher trains stops it and says no checkpoint was written', async () => {
  const out = mkdtempSync(join(tmpdir(), 'tftricks-cli-int-'));
  const { output, code } = await interruptDuringTraining('distill', out);
  expect(code).toBe(0);
  expect(output).toContain('stopped in distill before any checkpoint was written');
  expect(output).not.toContain('checkpoint saved');
  expect(existsSync(join(out, 'checkpoint-distill.json'))).toBe(false);
}, 180_000);
