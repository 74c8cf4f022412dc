/**
 * The `tftricks train` CLI end to end, as a user runs it: a child process on the cpu backend
 * (through tsx, on the packages' sources), an image folder of real Fashion-MNIST images as
 * PNG and JPEG (with a corrupt and a non-image file), the report and summary it writes, its
 * exit codes, and Ctrl-C → checkpoint → --resume giving the very run an uninterrupted one gives.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { embeddedFashionMnistDir } from '@tftricks/data';
import { beforeAll, describe, expect, test } from 'vitest';
import { type FashionFolder, writeFashionFolder } from './fashion-folder';

const trainDir = fileURLToPath(new URL('..', import.meta.url));
const tmp = (name: string) => mkdtempSync(join(tmpdir(), `tftricks-cli-${name}-`));

/** A tiny recipe (a 4-wide one-conv CNN) so a cpu step takes milliseconds. */
const TINY = `name: tiny
model:
  type: simpleCnn
  widths: [4]
  convsPerStage: 1
  batchNorm: false
epochs: 1
batchSize: 16
augment:
  - type: randomHorizontalFlip
    p: 0.5
loss:
  labelSmoothing: 0.1
optimizer:
  name: adamw
  learningRate: 0.01
schedule:
  type: cosine
ema:
  decay: 0.9
`;

interface Run {
  code: number | null;
  output: string;
  stdout: string;
}

/** Starts `tftricks train …args` (on the cpu backend unless `args` name another). */
function start(args: string[]): ChildProcess {
  const backend = args.includes('--backend') ? [] : ['--backend', 'cpu'];
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'train', ...backend, ...args], {
    cwd: trainDir,
    env: { ...process.env, TSX_TSCONFIG_PATH: 'test/tsconfig.sources.json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `tftricks train …args` to its end; `onOutput` sees all output so far after every chunk. */
function run(args: string[], onOutput?: (output: string, child: ChildProcess) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = start(args);
    let output = '';
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
      onOutput?.(output, child);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      onOutput?.(output, child);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output, stdout }));
  });
}

let recipe: string;
let grey: FashionFolder;
let rgb: FashionFolder;

beforeAll(async () => {
  const dir = tmp('data');
  recipe = join(dir, 'tiny.yaml');
  writeFileSync(recipe, TINY);
  grey = await writeFashionFolder(join(dir, 'grey'), { classes: [0, 1], perClass: 30 });
  rgb = await writeFashionFolder(join(dir, 'rgb'), { classes: [0, 1], perClass: 30, rgb: true });
});

describe('tftricks train on an image folder', () => {
  test('trains, names the corrupt file, prints one line per epoch and writes the report and summary', async () => {
    const out = tmp('out');
    const r = await run(['--data', grey.dir, '--recipe', recipe, '--epochs', '2', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.output).toContain(grey.corrupt);
    expect(r.output).toContain(`not images by their extension and were not read: ${grey.notImage}`);
    // 60 images less the corrupt one, 10% held out; decoded at the default 64×64 RGB.
    expect(r.stdout).toContain('(54 train / 6 val, 2 classes, 64×64×3)');
    // One line per epoch, with the training and the validation accuracy together.
    const epochLines = r.output.split('\n').filter((l) => /^tiny +\d\/2 \[/.test(l));
    expect(epochLines).toHaveLength(2);
    for (const l of epochLines)
      expect(l).toMatch(/ 3\/3 .*loss \d\.\d{4} · acc \d\.\d{3} · val acc \d\.\d{4} · lr /);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<html');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.backend).toBe('cpu');
    expect(summary.data).toEqual({ source: `image folder ${grey.dir}`, train: 54, test: 6 });
    expect(summary.runs).toHaveLength(1);
    expect(summary.runs[0].name).toBe('tiny');
    expect(summary.runs[0].steps).toBe(6);
    expect(summary.runs[0].history.valAccuracy).toHaveLength(2);
    const model = JSON.parse(readFileSync(join(out, 'model-tiny', 'model.json'), 'utf8'));
    expect(model.modelTopology.config.layers[0].config.batch_input_shape).toEqual([null, 64, 64, 3]);
  }, 180_000);

  test('--strict exits non-zero and names the unreadable file, writing no report', async () => {
    const out = tmp('strict');
    const r = await run(['--data', grey.dir, '--recipe', recipe, '--out', out, '--strict']);
    expect(r.code).toBe(1);
    expect(r.output).toContain(`${grey.corrupt}: is not a PNG, JPEG, WebP or GIF image`);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
  }, 180_000);

  test('an RGB folder with grey images among them trains at --size 32', async () => {
    const out = tmp('rgb');
    const r = await run(['--data', rgb.dir, '--recipe', recipe, '--out', out, '--size', '32']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(54 train / 6 val, 2 classes, 32×32×3)');
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
    const model = JSON.parse(readFileSync(join(out, 'model-tiny', 'model.json'), 'utf8'));
    expect(model.modelTopology.config.layers[0].config.batch_input_shape).toEqual([null, 32, 32, 3]);
  }, 180_000);

  test('a bad command line or recipe exits 2 with the reason', async () => {
    const noData = await run(['--recipe', recipe]);
    expect(noData.code).toBe(2);
    expect(noData.output).toContain('--data DIR is required');
    const bad = join(tmp('bad'), 'bad.yaml');
    writeFileSync(bad, TINY.replace('name: adamw', 'name: adamx'));
    const badRecipe = await run(['--data', grey.dir, '--recipe', bad]);
    expect(badRecipe.code).toBe(2);
    expect(badRecipe.output).toContain(`${bad}:15: optimizer.name expected one of sgd, adam, adamw`);
  }, 180_000);
});

describe('tftricks train: Ctrl-C and --resume', () => {
  // IDX data (the embedded Fashion-MNIST subset; 500 of its training images held out for
  // validation), 3 epochs of 20 steps: a SIGINT sent when the first epoch's line appears
  // lands inside the run.
  const idx = async () => embeddedFashionMnistDir();
  const base = (data: string, out: string) => [
    '--data',
    data,
    '--recipe',
    recipe,
    '--epochs',
    '3',
    '--train-limit',
    '320',
    '--val-split',
    '0.05',
    '--out',
    out,
  ];

  test('a run interrupted by SIGINT and resumed equals the uninterrupted run, bit for bit (cpu)', async () => {
    const data = await idx();
    const whole = tmp('whole');
    const full = await run(base(data, whole));
    expect(full.code).toBe(0);

    const cut = tmp('cut');
    let sent = false;
    const first = await run(base(data, cut), (output, child) => {
      if (!sent && /tiny +1\/3 \[/.test(output)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    expect(first.code).toBe(0);
    const checkpoint = join(cut, 'checkpoint-tiny.json');
    expect(first.stdout).toContain(`checkpoint saved: ${checkpoint}`);
    const hint = /resume with: tftricks train (.*)\n/.exec(first.stdout)![1]!.split(' ');
    expect(hint.slice(-2)).toEqual(['--resume', checkpoint]);
    expect(existsSync(join(cut, 'summary.json'))).toBe(false);
    const saved = JSON.parse(readFileSync(checkpoint, 'utf8'));
    // Interrupted after the first epoch, before the end.
    expect(saved.epoch * 20 + saved.stepInEpoch).toBeGreaterThan(20);
    expect(saved.epoch * 20 + saved.stepInEpoch).toBeLessThan(60);

    // The printed command, as a user would paste it.
    const resumed = await run(hint);
    expect(resumed.code).toBe(0);
    const a = JSON.parse(readFileSync(join(whole, 'summary.json'), 'utf8')).runs[0];
    const b = JSON.parse(readFileSync(join(cut, 'summary.json'), 'utf8')).runs[0];
    expect(b.steps).toBe(60);
    expect(b.history).toEqual(a.history);
    expect(b.testAccuracy).toBe(a.testAccuracy);
    expect(b.testNll).toBe(a.testNll);
    // The trained models' weights, byte for byte.
    const weights = (dir: string) => readFileSync(join(dir, 'model-tiny', 'weights.bin'));
    expect(weights(cut).equals(weights(whole))).toBe(true);
  }, 300_000);

  // The teacher phase writes no checkpoint: the command must say so rather than "saved". On wasm
  // (with the @tftricks/wasm-train kernels): the teacher's first step takes minutes on cpu.
  test('Ctrl-C while a distillation teacher trains stops it and says no checkpoint was written', async () => {
    const out = tmp('distill');
    let sent = false;
    const r = await run(
      [
        '--data',
        await idx(),
        '--recipe',
        'distill',
        '--train-limit',
        '640',
        '--backend',
        'wasm',
        '--out',
        out,
      ],
      (output, child) => {
        if (!sent && output.includes('· recipes distill')) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('stopped in distill before any checkpoint was written');
    expect(r.stdout).not.toContain('checkpoint saved');
    expect(existsSync(join(out, 'checkpoint-distill.json'))).toBe(false);
  }, 180_000);
});
