/**
 * WebGPU in a plain Node process (Dawn's `webgpu` package, SwiftShader's Vulkan here): what
 * setupBackend picks, what backendInfo says, that dataSync works (webgpu-train's sync read),
 * that the process exits by itself, and the error when no driver is found. Child processes, so
 * cpu-only: each starts its own Dawn.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';

interface Run {
  code: number | null;
  seconds: number;
  result: Record<string, unknown>;
  stderr: string;
}

function run(arg: string, env: Record<string, string>): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'node-process.ts', arg], {
      cwd: here,
      env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.sources.json', XDG_RUNTIME_DIR: '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    // A process kept alive by Dawn would never close: fail instead of waiting for the test timeout.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not exit within 90 s; stdout: ${stdout}; stderr: ${stderr}`));
    }, 90_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').pop() ?? '{}';
      resolve({ code, seconds: (performance.now() - started) / 1000, result: JSON.parse(last), stderr });
    });
  });
}

describe('setupBackend on WebGPU in a Node process (Dawn)', () => {
  test("'webgpu' runs on the SwiftShader adapter, reads synchronously, and exits by itself", async () => {
    const r = await run('webgpu', { VK_ICD_FILENAMES: SWIFTSHADER });
    expect(r.result).toMatchObject({
      name: 'webgpu',
      summary: 'webgpu (SwiftShader adapter, software, @tftricks/webgpu-train kernels)',
      adapter: { architecture: 'swiftshader', software: true, label: 'SwiftShader' },
    });
    // d/dW Σ (xW)² = 2 xᵀx W at W = I: xᵀx = [[10, 10], [10, 20]].
    expect(r.result.grad).toEqual([20, 20, 20, 40]);
    expect(r.code).toBe(0);
  }, 120_000);

  test("'auto' skips a software adapter (SwiftShader is slower than cpu for small work)", async () => {
    const r = await run('auto', { VK_ICD_FILENAMES: SWIFTSHADER });
    expect(r.result).toMatchObject({ name: 'cpu', adapter: null });
    expect(r.code).toBe(0);
  }, 120_000);

  test("'webgpu' without any Vulkan driver: a TricksError naming what to install", async () => {
    const r = await run('webgpu', { VK_ICD_FILENAMES: '/nonexistent/icd.json' });
    expect(r.result.error).toMatch(
      /^TricksError: setupBackend: argument 'prefer' expected 'webgpu' in Node: a WebGPU adapter: .*apt-get install libvulkan1.*VK_ICD_FILENAMES=\/usr\/lib\/chromium\/vk_swiftshader_icd\.json.*, got navigator\.gpu\.requestAdapter\(\) returned null$/,
    );
    expect(r.code).toBe(1);
  }, 120_000);
});
