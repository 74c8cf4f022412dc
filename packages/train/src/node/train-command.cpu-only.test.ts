// trainCommand's recipe lookup: built-in names, then the program's own `recipesDir`, then paths.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedFashionMnistDir } from '@tftricks/data';
import { expect, test } from 'vitest';
import { trainCommand } from './train-command';

async function command(args: string[], recipesDir?: string) {
  let output = '';
  const stream = { write: (t: string) => (output += t) };
  const code = await trainCommand(['--data', await embeddedFashionMnistDir(), '--backend', 'cpu', ...args], {
    program: 'demo',
    about: 'test',
    setupBackend: async () => 'cpu',
    stdout: stream,
    stderr: stream,
    ...(recipesDir ? { recipesDir } : {}),
  });
  return { code, output };
}

test("a name that is neither built in nor a file is read from the program's recipesDir", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tftricks-recipes-'));
  // A recipe that fails validation on line 3, so the command stops before training.
  writeFileSync(join(dir, 'mine.yaml'), 'name: mine\nepochs: 1\noptimizer:\n  name: adamx\n');
  const own = await command(['--recipe', 'mine'], dir);
  expect(own.code).toBe(2);
  expect(own.output).toContain(`${join(dir, 'mine.yaml')}:4: optimizer.name expected one of`);
  // Without the folder the same name is unknown: the error lists the built-in names.
  const none = await command(['--recipe', 'mine']);
  expect(none.code).toBe(2);
  expect(none.output).toContain('one of baseline, recipe, distill, pseudo-label, kfold or a path');
  expect(none.output).toContain('"mine"');
}, 60_000);
