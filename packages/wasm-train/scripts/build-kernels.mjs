#!/usr/bin/env node
// Builds csrc/*.c into the four wasm modules @tftricks/wasm-train ships inside its JS (no download
// at install): `plain` for tfjs-backend-wasm's single-threaded memory and `shared` (atomics,
// shared memory) for its threaded build, each in baseline SIMD (Debian's clang 14 and lld:
// `apt-get install clang lld`) and in relaxed SIMD, whose fused multiply-add the convolutions use
// where the engine has it (`relaxed`, `relaxed_shared`: clang 19, `apt-get install clang-19
// lld-19`; clang 14 emits relaxed SIMD's pre-standard opcodes).
//
//   node scripts/build-kernels.mjs          writes src/kernels-wasm.ts
//   node scripts/build-kernels.mjs --check  rebuilds and fails unless the bytes equal the committed ones
//
// Both modules import tfjs's memory and must own no byte of it: the build fails on a data
// segment, a global (a shadow-stack pointer means the C code spilled to memory) or any import
// other than env.memory.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'src/kernels-wasm.ts');
const sources = readdirSync(join(root, 'csrc'))
  .filter((f) => f.endsWith('.c'))
  .sort()
  .map((f) => join('csrc', f));
const cflags = [
  '--target=wasm32',
  '-O3',
  '-msimd128',
  '-ffreestanding',
  '-fno-builtin',
  '-Wall',
  '-Werror',
  '-c',
];
const ldflags = [
  '--no-entry',
  '--import-memory',
  '-z',
  'stack-size=0',
  '--global-base=0',
  '--initial-memory=65536',
  '--strip-all',
];
// Compiled and linked in two steps: the clang driver would run binaryen's wasm-opt when it is on
// PATH, which makes the bytes depend on what else is installed.
const shared = {
  cflags: ['-matomics', '-mbulk-memory'],
  ldflags: ['--shared-memory', '--max-memory=4294967296'],
};
const relaxed = { cflags: ['-mrelaxed-simd', '-DWT_RELAXED'], cc: ['clang-19'], ld: ['wasm-ld-19'] };
const variants = {
  plain: { cflags: [], ldflags: [] },
  shared,
  relaxed: { ...relaxed, ldflags: [] },
  relaxed_shared: { ...relaxed, cflags: [...shared.cflags, ...relaxed.cflags], ldflags: shared.ldflags },
};

function tool(names) {
  for (const c of names) {
    try {
      execFileSync(c, ['--version'], { stdio: 'ignore' });
      return c;
    } catch {}
  }
  throw new Error(`build-kernels: ${names[0]} not found (apt-get install clang lld clang-19 lld-19 wabt)`);
}

/** Section ids of a wasm binary (after the 8-byte header: id, LEB128 size, payload). */
function sectionIds(bytes) {
  const ids = [];
  let i = 8;
  while (i < bytes.length) {
    const id = bytes[i++];
    let size = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[i++];
      size |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) break;
    }
    ids.push(id);
    i += size;
  }
  return ids;
}

// Node 20's V8 validates relaxed SIMD only behind this flag (Node 22 ships it on).
setFlagsFromString('--experimental-wasm-relaxed-simd');

function verify(name, file, bytes) {
  const ids = sectionIds(bytes);
  const forbidden = { 11: 'a data segment', 12: 'a data count' };
  for (const [id, what] of Object.entries(forbidden))
    if (ids.includes(Number(id))) throw new Error(`build-kernels: ${name} has ${what}`);
  // wasm-ld always defines __stack_pointer (at 0 here, so a stack frame would trap); the code
  // must never touch it.
  const wat = execFileSync(tool(['wasm2wat']), ['--enable-all', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (/global\.(get|set)/.test(wat))
    throw new Error(`build-kernels: ${name} uses a global (the C code spilled to the shadow stack)`);
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(bytes));
  if (imports.length !== 1 || imports[0].module !== 'env' || imports[0].name !== 'memory')
    throw new Error(`build-kernels: ${name} imports ${JSON.stringify(imports)}; only env.memory is allowed`);
}

function build() {
  const dir = mkdtempSync(join(tmpdir(), 'wasm-train-kernels-'));
  const result = {};
  try {
    for (const [name, flags] of Object.entries(variants)) {
      const cc = tool(flags.cc ?? ['clang-14', 'clang']);
      const ld = tool(flags.ld ?? ['wasm-ld-14', 'wasm-ld']);
      const objects = sources.map((src, i) => {
        const obj = join(dir, `${name}-${i}.o`);
        execFileSync(cc, [...cflags, ...flags.cflags, '-o', obj, src], { cwd: root, stdio: 'inherit' });
        return obj;
      });
      const file = join(dir, `${name}.wasm`);
      execFileSync(ld, [...ldflags, ...flags.ldflags, '-o', file, ...objects], { stdio: 'inherit' });
      const bytes = readFileSync(file);
      verify(name, file, bytes);
      result[name] = bytes;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

function render(mods) {
  const lines = [
    '// Generated by scripts/build-kernels.mjs from csrc/*.c; do not edit. CI rebuilds it and',
    '// compares the bytes (`node scripts/build-kernels.mjs --check`).',
    '',
  ];
  for (const [name, bytes] of Object.entries(mods)) {
    const sha = createHash('sha256').update(bytes).digest('hex');
    lines.push(`/** The ${name} kernel module (${bytes.length} bytes, sha256 ${sha}). */`);
    const shaLine = `export const ${name.toUpperCase()}_KERNELS_SHA256 = '${sha}';`;
    // Broken where biome's formatter would break it (line width 110), so the file stays formatted.
    lines.push(
      shaLine.length > 110 ? `export const ${name.toUpperCase()}_KERNELS_SHA256 =\n  '${sha}';` : shaLine,
    );
    lines.push(`export const ${name.toUpperCase()}_KERNELS_BASE64 =`);
    const b64 = bytes.toString('base64');
    const chunks = b64.match(/.{1,96}/g) ?? [];
    lines.push(`${chunks.map((c) => `  '${c}'`).join(' +\n')};`);
    lines.push('');
  }
  return lines.join('\n');
}

const text = render(build());
if (process.argv.includes('--check')) {
  const committed = readFileSync(out, 'utf8');
  if (committed !== text) {
    console.error(
      'build-kernels: src/kernels-wasm.ts differs from a fresh build of csrc/*.c; run node scripts/build-kernels.mjs',
    );
    process.exit(1);
  }
  console.log('build-kernels: src/kernels-wasm.ts matches a fresh build');
} else {
  writeFileSync(out, text);
  console.log(`build-kernels: wrote ${out}`);
}
