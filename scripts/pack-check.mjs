// Each package is installable on its own: `pnpm pack` it (and the @tftricks packages it
// depends on), `npm install` the tarballs with tfjs in a fresh project outside the workspace,
// import the built ESM and CJS from plain Node, and run the first ```ts block of its README
// with the types stripped. @tftricks/train's `tftricks` bin also runs, with npx, on a small
// image folder.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..');
const only = process.argv.slice(2);
const packDir = mkdtempSync(join(tmpdir(), 'tftricks-packs-'));
const TFJS = [
  '@tensorflow/tfjs-core@4.22.0',
  '@tensorflow/tfjs-backend-cpu@4.22.0',
  '@tensorflow/tfjs-layers@4.22.0',
];

// Optional peers a package's README example needs in Node, installed beside it: Dawn's WebGPU
// for @tftricks/webgpu-train (with SwiftShader's Vulkan driver where no GPU driver is chosen).
const EXAMPLE_PEERS = { '@tftricks/webgpu-train': ['webgpu@0.6.2'] };
const EXAMPLE_ENV = {
  ...process.env,
  VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json',
  XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? tmpdir(),
};

const pkgs = new Map();
for (const dir of readdirSync(join(root, 'packages'))) {
  const pj = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
  pkgs.set(pj.name, { dir: join(root, 'packages', dir), pj });
}

function internalDeps(name, seen = new Set()) {
  const { pj } = pkgs.get(name);
  for (const dep of Object.keys({ ...pj.dependencies, ...pj.peerDependencies })) {
    const optional = pj.peerDependenciesMeta?.[dep]?.optional;
    if (pkgs.has(dep) && !seen.has(dep) && !optional) {
      seen.add(dep);
      internalDeps(dep, seen);
    }
  }
  return seen;
}

const tarballs = new Map();
function pack(name) {
  if (!tarballs.has(name)) {
    const out = execFileSync('pnpm', ['pack', '--pack-destination', packDir], {
      cwd: pkgs.get(name).dir,
      encoding: 'utf8',
    });
    const file = out
      .trim()
      .split('\n')
      .filter((l) => l.endsWith('.tgz'))
      .pop();
    tarballs.set(name, file.startsWith('/') ? file : join(packDir, file));
  }
  return tarballs.get(name);
}

function readmeExample(dir) {
  const readme = join(dir, 'README.md');
  if (!existsSync(readme)) return null;
  const m = /```ts\n([\s\S]*?)```/.exec(readFileSync(readme, 'utf8'));
  return m ? m[1] : null;
}

// The `tftricks` bin as a user runs it from the installed tarball: --help, then one epoch on a
// small image folder (PNG, two classes, one corrupt file) on the default backend (wasm with
// the @tftricks/wasm-train kernels when they load), writing the report and summary.
const FOLDER_SCRIPT = `import { mkdirSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
let seed = 1;
const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
for (const [k, name] of ['dark', 'light'].entries()) {
  mkdirSync('photos/' + name, { recursive: true });
  for (let i = 0; i < 12; i++) {
    const png = new PNG({ width: 20, height: 16 });
    for (let p = 0; p < 20 * 16; p++) {
      const v = Math.round(255 * (0.2 + 0.6 * k) * (0.7 + 0.3 * next()));
      png.data.set([v, v, 255 - v, 255], p * 4);
    }
    writeFileSync('photos/' + name + '/' + i + '.png', PNG.sync.write(png));
  }
}
writeFileSync('photos/dark/broken.png', 'not a png');
`;
const TINY_RECIPE = `name: tiny
model: { type: simpleCnn, widths: [4], convsPerStage: 1, batchNorm: false }
epochs: 1
batchSize: 8
optimizer: { name: adam, learningRate: 0.01 }
`;

function tftricksCheck(project) {
  const help = execFileSync('npx', ['--no-install', 'tftricks', 'train', '--help'], {
    cwd: project,
    encoding: 'utf8',
  });
  if (!help.includes('--data DIR')) throw new Error(`tftricks train --help does not list --data:\n${help}`);
  writeFileSync(join(project, 'make-folder.mjs'), FOLDER_SCRIPT);
  execFileSync('node', ['make-folder.mjs'], { cwd: project, stdio: 'inherit' });
  writeFileSync(join(project, 'tiny.yaml'), TINY_RECIPE);
  const out = execFileSync(
    'npx',
    [
      '--no-install',
      'tftricks',
      'train',
      '--data',
      'photos',
      '--recipe',
      'tiny.yaml',
      '--size',
      '16',
      '--out',
      'out',
    ],
    { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 300_000 },
  );
  process.stdout.write(out);
  for (const file of ['out/report.html', 'out/summary.json', 'out/model-tiny/model.json'])
    if (!existsSync(join(project, file))) throw new Error(`npx tftricks train wrote no ${file}`);
  const summary = JSON.parse(readFileSync(join(project, 'out/summary.json'), 'utf8'));
  if (summary.data.train + summary.data.test !== 24)
    throw new Error(`expected 24 images, got ${JSON.stringify(summary.data)}`);
  console.log(`  npx tftricks train: ${summary.backend}, accuracy ${summary.runs[0].testAccuracy}`);
}

let failed = 0;
let passed = 0;
for (const [name, { dir, pj }] of pkgs) {
  if (only.length && !only.some((o) => name.endsWith(o))) continue;
  const label = `pack-check ${name}`;
  try {
    const example = readmeExample(dir);
    if (!example) throw new Error('README.md has no ```ts example block');
    const project = mkdtempSync(join(tmpdir(), 'tftricks-consumer-'));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    const extra = Object.keys(pj.peerDependencies ?? {}).filter(
      (d) =>
        d.startsWith('@tensorflow/') &&
        !pj.peerDependenciesMeta?.[d]?.optional &&
        !TFJS.some((t) => t.startsWith(`${d}@`)),
    );
    const specs = [
      pack(name),
      ...[...internalDeps(name)].map(pack),
      ...TFJS,
      ...extra.map((d) => `${d}@4.22.0`),
      ...(EXAMPLE_PEERS[name] ?? []),
    ];
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...specs], {
      cwd: project,
      stdio: 'inherit',
    });
    // Built ESM and CJS both load in plain Node.
    execFileSync('node', ['--input-type=module', '-e', `await import(${JSON.stringify(name)})`], {
      cwd: project,
      stdio: 'inherit',
    });
    execFileSync('node', ['--input-type=commonjs', '-e', `require(${JSON.stringify(name)})`], {
      cwd: project,
      stdio: 'inherit',
    });
    const js = ts.transpileModule(example, {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: false,
      },
    }).outputText;
    // Side-effect imports ('@tensorflow/tfjs-backend-cpu') survive; type-only imports are dropped.
    writeFileSync(join(project, 'example.mjs'), js);
    execFileSync('node', ['example.mjs'], {
      cwd: project,
      stdio: 'inherit',
      timeout: 180_000,
      env: EXAMPLE_ENV,
    });
    if (pj.bin?.tftricks) tftricksCheck(project);
    rmSync(project, { recursive: true, force: true });
    console.log(`✓ ${label}`);
    passed++;
  } catch (e) {
    console.error(`✗ ${label}: ${e.message}`);
    failed++;
  }
}
mkdirSync(join(root, 'test-artifacts'), { recursive: true });
console.log(`pack-check: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
