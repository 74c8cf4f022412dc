import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { buildAugmentation, buildMix, buildSchedule } from '../src/build-run-parts';
import { loadRecipe, RecipeError } from '../src/load-recipe';
import { parseRecipe } from '../src/parse-recipe';

const recipesDir = fileURLToPath(new URL('../recipes/', import.meta.url));

/** The error message of `fn`, which must throw a RecipeError. */
function recipeError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RecipeError);
    return (e as Error).message;
  }
  throw new Error('expected a RecipeError');
}

const VALID = `name: tiny
model:
  type: simpleCnn
  widths: [4]
epochs: 2
batchSize: 16
optimizer:
  name: adamw
  learningRate: 0.003
  weightDecay: 0.05
schedule:
  type: oneCycle
`;

describe('parseRecipe', () => {
  test('a valid recipe parses to its values', () => {
    const r = parseRecipe(VALID, 'tiny.yaml');
    expect(r.name).toBe('tiny');
    expect(r.model).toEqual({ type: 'simpleCnn', widths: [4] });
    expect(r.optimizer).toEqual({ name: 'adamw', learningRate: 0.003, weightDecay: 0.05 });
  });

  test('an unknown key is named, with the known ones, at its file:line', () => {
    const text = VALID.replace('batchSize: 16', 'batchSize: 16\nbatchsize: 32');
    const msg = recipeError(() => parseRecipe(text, 'recipes/typo.yaml'));
    expect(msg).toContain(
      'recipes/typo.yaml:7: batchsize is not a known key (known: name, description, model',
    );
  });

  test('a nested unknown key points at its own line', () => {
    const text = VALID.replace('  weightDecay: 0.05', '  weightDecay: 0.05\n  beta1: 0.9');
    expect(recipeError(() => parseRecipe(text, 'r.yaml'))).toContain(
      'r.yaml:11: optimizer.beta1 is not a known key',
    );
  });

  test('a bad value names the key, the expected range and the value, at its line', () => {
    const msg = recipeError(() => parseRecipe(VALID.replace('batchSize: 16', 'batchSize: -3'), 'r.yaml'));
    expect(msg).toContain('r.yaml:6: batchSize expected a number in [1, 4096], got -3');
    const lr = recipeError(() =>
      parseRecipe(VALID.replace('learningRate: 0.003', 'learningRate: fast'), 'r.yaml'),
    );
    expect(lr).toContain('r.yaml:9: optimizer.learningRate expected a number, got "fast"');
    const epochs = recipeError(() => parseRecipe(VALID.replace('epochs: 2', 'epochs: 2.5'), 'r.yaml'));
    expect(epochs).toContain('r.yaml:5: epochs expected an integer, got 2.5');
  });

  test('a bad enum value lists the allowed ones', () => {
    const msg = recipeError(() => parseRecipe(VALID.replace('name: adamw', 'name: adamx'), 'r.yaml'));
    expect(msg).toContain('r.yaml:8: optimizer.name expected one of sgd, adam, adamw');
    expect(msg).toContain('got "adamx"');
  });

  test('a missing key points at its parent mapping', () => {
    const msg = recipeError(() => parseRecipe(VALID.replace('  learningRate: 0.003\n', ''), 'r.yaml'));
    expect(msg).toContain('r.yaml:8: optimizer.learningRate is required');
  });

  test('every problem is listed at once', () => {
    const text = VALID.replace('batchSize: 16', 'batchSize: 0').replace('epochs: 2', 'epoch: 2');
    const lines = recipeError(() => parseRecipe(text, 'r.yaml'))
      .split('\n')
      .slice(1);
    expect(lines.map((l) => l.trim())).toEqual([
      'r.yaml:1: epochs is required',
      'r.yaml:6: batchSize expected a number in [1, 4096], got 0',
      'r.yaml:5: epoch is not a known key (known: name, description, model, epochs, batchSize, trainLimit, augment, mix, loss, optimizer, schedule, ema, tta, distill, pseudoLabel, kfold)',
    ]);
  });

  test('broken YAML is reported at its line', () => {
    expect(recipeError(() => parseRecipe('name: x\nmodel: [simpleCnn\nepochs: 1\n', 'r.yaml'))).toMatch(
      /^r\.yaml:\d: not valid YAML\/JSON: /,
    );
  });

  test('JSON recipes are accepted (JSON is YAML)', () => {
    const json = JSON.stringify(parseRecipe(VALID), null, 2);
    expect(parseRecipe(json, 'r.json')).toEqual(parseRecipe(VALID));
    const bad = json.replace('"batchSize": 16', '"batchSize": "16"');
    expect(recipeError(() => parseRecipe(bad, 'r.json'))).toContain('batchSize expected a number, got "16"');
  });
});

describe('shipped recipes', () => {
  const files = readdirSync(recipesDir).filter((f) => /\.(ya?ml|json)$/.test(f));

  test('there are some, and baseline and recipe among them', () => {
    expect(files).toEqual(expect.arrayContaining(['baseline.yaml', 'recipe.yaml']));
  });

  test.each(files)('%s validates, is named after its file and builds its parts', (file) => {
    const recipe = parseRecipe(readFileSync(`${recipesDir}${file}`, 'utf8'), `recipes/${file}`);
    expect(recipe.name).toBe(file.replace(/\.(ya?ml|json)$/, ''));
    // The schema only knows the keys; the factories check the names inside augment/mix/schedule.
    const aug = buildAugmentation(recipe);
    expect(aug === null).toBe(!recipe.augment?.length);
    expect(buildMix(recipe, 10) === null).toBe(!recipe.mix);
    const schedule = buildSchedule(recipe, 100);
    for (const t of [0, 50, 99]) expect(Number.isFinite(schedule(t)) && schedule(t) >= 0).toBe(true);
  });

  test('loadRecipe finds built-ins by name and refuses unknown names clearly', async () => {
    expect((await loadRecipe('baseline')).name).toBe('baseline');
    await expect(loadRecipe('no-such-recipe')).rejects.toThrow(
      "recipe 'no-such-recipe' not found: give one of baseline, recipe",
    );
  });
});

describe('buildSchedule', () => {
  test('one-cycle on a very short run (a one-update warm phase) still builds', () => {
    const recipe = parseRecipe(VALID.replace('  type: oneCycle', '  type: oneCycle\n  pctStart: 0.25'));
    const s = buildSchedule(recipe, 4);
    const lrs = [0, 1, 2, 3].map(s);
    // Warms up to the peak, then anneals.
    expect(Math.max(...lrs)).toBeCloseTo(0.003, 9);
    expect(lrs[0]!).toBeLessThan(lrs[1]!);
    expect(lrs[3]!).toBeLessThan(lrs[2]!);
  });
});
