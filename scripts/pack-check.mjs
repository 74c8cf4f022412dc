// Each package is installable on its own: `pnpm pack` it (and the @tftricks packages it
// depends on), `npm install` the tarballs with tfjs in a fresh project outside the workspace,
// import the built ESM and CJS from plain Node, and run the first ```ts block of its README
// with the types stripped.
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
    execFileSync('node', ['example.mjs'], { cwd: project, stdio: 'inherit', timeout: 180_000 });
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
