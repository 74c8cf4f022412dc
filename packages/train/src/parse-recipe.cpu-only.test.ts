import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { MODEL_NAMES } from '@tftricks/models';
import { PRESET_NAMES } from '@tftricks/optimizers';
import { SCHEDULER_NAMES } from '@tftricks/schedulers';
import { describe, expect, test } from 'vitest';
import { buildAugmentation, buildMix } from './build-augmentation';
import { buildSchedule } from './build-schedule';
import { BUILT_IN_RECIPES } from './built-in-recipes';
import { loadRecipe } from './node/load-recipe';
import { parseRecipe, RecipeError } from './parse-recipe';

const recipesDir = fileURLToPath(new URL('../recipes/', import.meta.url));

/** The error `fn` throws, which must be a RecipeError. */
function recipeError(fn: () => unknown): RecipeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RecipeError);
    return e as RecipeError;
  }
  throw new Error('expected a RecipeError');
}
const message = (fn: () => unknown) => recipeError(fn).message;

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

  test('a RecipeError is a TricksError naming parseRecipe, and lists file, line and path of every issue', () => {
    const e = recipeError(() =>
      parseRecipe(VALID.replace('batchSize: 16', 'batchSize: 0'), 'recipes/mine.yaml'),
    );
    expect(e).toBeInstanceOf(TricksError);
    expect(e.fn).toBe('parseRecipe');
    expect(e.issues).toEqual([
      {
        file: 'recipes/mine.yaml',
        line: 6,
        path: 'batchSize',
        message: 'expected a number in [1, 4096], got 0',
      },
    ]);
  });

  test('an unknown key is named, with the known ones, at its file:line', () => {
    const text = VALID.replace('batchSize: 16', 'batchSize: 16\nbatchsize: 32');
    expect(message(() => parseRecipe(text, 'recipes/typo.yaml'))).toContain(
      'recipes/typo.yaml:7: batchsize is not a known key (known: name, description, input, model',
    );
  });

  test("an option the named optimizer does not take points at its own line, listing that preset's options", () => {
    const text = VALID.replace('  weightDecay: 0.05', '  weightDecay: 0.05\n  betaOne: 0.9');
    expect(message(() => parseRecipe(text, 'r.yaml'))).toContain(
      "r.yaml:11: optimizer.betaOne expected one of learningRate, weightDecay, weightDecayMask, beta1, beta2, eps, clipGradNorm, clipGradValue, lookahead, accumulateSteps, skipNonFinite for 'adamw', got an unknown option",
    );
    // The preset's own options are recipe keys: no list restated here.
    expect(parseRecipe(text.replace('betaOne', 'beta1'), 'r.yaml').optimizer.beta1).toBe(0.9);
  });

  test('a bad optimizer or schedule value is refused by the factory, at its line', () => {
    expect(
      message(() => parseRecipe(VALID.replace('weightDecay: 0.05', 'weightDecay: -1'), 'r.yaml')),
    ).toMatch(/r\.yaml:10: optimizer\.weightDecay expected .*, got -1/);
    const text = VALID.replace('  type: oneCycle', '  type: oneCycle\n  pctStart: 1.5');
    expect(message(() => parseRecipe(text, 'r.yaml'))).toMatch(
      /r\.yaml:13: schedule\.pctStart expected .*, got 1\.5/,
    );
  });

  test('unknown optimizer, schedule and model names list the valid ones from the registries', () => {
    const opt = message(() => parseRecipe(VALID.replace('name: adamw', 'name: adamx'), 'r.yaml'));
    expect(opt).toContain(`r.yaml:8: optimizer.name expected one of ${PRESET_NAMES.join(', ')}, got "adamx"`);
    const sched = message(() =>
      parseRecipe(VALID.replace('type: oneCycle', 'type: cosineAnnealing'), 'r.yaml'),
    );
    expect(sched).toContain(
      `r.yaml:12: schedule.type expected one of ${SCHEDULER_NAMES.join(', ')}, got "cosineAnnealing"`,
    );
    // The registries hold more than the demo's old hand-written lists did.
    expect(SCHEDULER_NAMES).toContain('cosineWarmRestarts');
    const model = message(() => parseRecipe(VALID.replace('type: simpleCnn', 'type: resnet50'), 'r.yaml'));
    expect(model).toContain(`r.yaml:3: model.type expected one of ${MODEL_NAMES.join(', ')}, got "resnet50"`);
    expect(MODEL_NAMES).toContain('swinTiny');
  });

  test('a schedule setting its type does not read is refused, listing the ones it does', () => {
    const text = VALID.replace('  type: oneCycle', '  type: cosine\n  gamma: 0.5');
    expect(message(() => parseRecipe(text, 'r.yaml'))).toContain(
      "r.yaml:13: schedule.gamma expected one of type, learningRate, totalSteps, warmupSteps, warmupFrom, min for 'cosine', got an unknown option",
    );
  });

  test('augmentation names and options are checked by @tftricks/augment, at their lines', () => {
    const unknown = `${VALID}augment:\n  - type: randomFlip\n`;
    expect(message(() => parseRecipe(unknown, 'r.yaml'))).toMatch(
      /r\.yaml:14: augment\.0\.type expected one of randomHorizontalFlip, .*, got "randomFlip"/,
    );
    const badP = `${VALID}augment:\n  - type: randomHorizontalFlip\n    p: 2\n`;
    expect(message(() => parseRecipe(badP, 'r.yaml'))).toMatch(
      /r\.yaml:15: augment\.0\.p expected .*, got 2/,
    );
  });

  test('label smoothing has one place: a mix with its own labelSmoothing is refused', () => {
    const text = `${VALID}mix:\n  type: mixupOrCutmix\n  labelSmoothing: 0.1\nloss:\n  labelSmoothing: 0.1\n`;
    expect(message(() => parseRecipe(text, 'r.yaml'))).toContain(
      'r.yaml:15: mix.labelSmoothing expected none: label smoothing is set once, by loss.labelSmoothing (the mix applies it), got 0.1',
    );
  });

  test('checking the registries allocates no tensor', () => {
    const before = tf.memory().numTensors;
    parseRecipe(
      `${VALID}augment:\n  - type: randAugment\nmix:\n  type: cutmix\nema:\n  decay: 0.9\n`,
      'r.yaml',
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a missing key points at its parent mapping', () => {
    expect(message(() => parseRecipe(VALID.replace('  learningRate: 0.003\n', ''), 'r.yaml'))).toContain(
      'r.yaml:8: optimizer.learningRate is required',
    );
  });

  test('every problem is listed at once', () => {
    const text = VALID.replace('batchSize: 16', 'batchSize: 0').replace('epochs: 2', 'epoch: 2');
    const lines = message(() => parseRecipe(text, 'r.yaml'))
      .split('\n')
      .slice(1);
    expect(lines.map((l) => l.trim())).toEqual([
      'r.yaml:1: epochs is required',
      'r.yaml:6: batchSize expected a number in [1, 4096], got 0',
      'r.yaml:5: epoch is not a known key (known: name, description, input, model, epochs, batchSize, trainLimit, augment, mix, loss, optimizer, schedule, ema, tta, distill, pseudoLabel, kfold)',
    ]);
  });

  test('the input section takes a size (S or [H, W]) and 1 or 3 channels', () => {
    expect(parseRecipe(`${VALID}input:\n  size: [48, 64]\n  channels: 3\n`).input).toEqual({
      size: [48, 64],
      channels: 3,
    });
    expect(message(() => parseRecipe(`${VALID}input:\n  size: 0\n  channels: 2\n`, 'r.yaml'))).toContain(
      'r.yaml:14: input.size expected an integer ≥ 1 or [height, width], got 0\n  r.yaml:15: input.channels expected one of 1, 3, got 2',
    );
  });

  test('broken YAML is reported at its line', () => {
    expect(message(() => parseRecipe('name: x\nmodel: [simpleCnn\nepochs: 1\n', 'r.yaml'))).toMatch(
      /\n {2}r\.yaml:\d: not valid YAML\/JSON: /,
    );
  });

  test('JSON recipes are accepted (JSON is YAML)', () => {
    const json = JSON.stringify(parseRecipe(VALID), null, 2);
    expect(parseRecipe(json, 'r.json')).toEqual(parseRecipe(VALID));
    const bad = json.replace('"batchSize": 16', '"batchSize": "16"');
    expect(message(() => parseRecipe(bad, 'r.json'))).toContain('batchSize expected a number, got "16"');
  });
});

describe('shipped recipes', () => {
  const files = readdirSync(recipesDir).filter((f) => /\.(ya?ml|json)$/.test(f));

  test('are exactly the BUILT_IN_RECIPES', () => {
    expect(files.map((f) => f.replace(/\.yaml$/, '')).sort()).toEqual([...BUILT_IN_RECIPES].sort());
  });

  test.each(files)('%s validates, is named after its file and builds its parts at any image size', (file) => {
    const recipe = parseRecipe(readFileSync(`${recipesDir}${file}`, 'utf8'), `recipes/${file}`);
    expect(recipe.name).toBe(file.replace(/\.(ya?ml|json)$/, ''));
    for (const size of [[28, 28] as const, [64, 48] as const]) {
      const aug = buildAugmentation(recipe, size);
      expect(aug === null).toBe(!recipe.augment?.length);
    }
    expect(buildMix(recipe) === null).toBe(!recipe.mix);
    const schedule = buildSchedule(recipe, 100);
    for (const t of [0, 50, 99]) expect(Number.isFinite(schedule(t)) && schedule(t) >= 0).toBe(true);
  });

  test('loadRecipe finds built-ins by name and refuses unknown names clearly', async () => {
    expect((await loadRecipe('baseline')).name).toBe('baseline');
    await expect(loadRecipe('no-such-recipe')).rejects.toThrow(
      `loadRecipe: argument 'nameOrPath' expected one of ${BUILT_IN_RECIPES.join(', ')} or a path to a readable .yaml/.json file, got "no-such-recipe" (ENOENT)`,
    );
  });
});

describe('buildAugmentation', () => {
  test("a crop to another size than the run's images is refused (the model is built for them)", () => {
    const recipe = parseRecipe(`${VALID}augment:\n  - type: randomCrop\n    size: 24\n`);
    expect(() => buildAugmentation(recipe, [28, 28])).toThrow(
      "buildAugmentation: argument 'recipe.augment[0].size' expected the run's image size [28, 28] (the model's input) or none, got 24",
    );
    expect(buildAugmentation(recipe, [24, 24])).not.toBeNull();
  });
});
