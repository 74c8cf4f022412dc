import { TricksError } from '@tftricks/core';
import { describe, expect, it } from 'vitest';
import { constant } from './constant';
import { cosine } from './cosine';
import { cosineWarmRestarts } from './cosine-warm-restarts';
import { cyclic } from './cyclic';
import { exponential } from './exponential';
import { join } from './join';
import { linear } from './linear';
import { multiStep } from './multi-step';
import { oneCycle } from './one-cycle';
import { perEpoch } from './per-epoch';
import { polynomial } from './polynomial';
import { sample } from './sample';
import { stepDecay } from './step-decay';
import { warmup } from './warmup';

describe('invalid arguments throw a TricksError naming function and argument', () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      'negative step',
      () => cosine({ baseLr: 0.1, tMax: 10 })(-1),
      /cosine: argument 'step' expected a finite number ≥ 0/,
    ],
    [
      'NaN step',
      () => stepDecay({ baseLr: 0.1, stepSize: 3 })(Number.NaN),
      /stepDecay: argument 'step'.*got NaN/,
    ],
    [
      'min > base',
      () => cosine({ baseLr: 0.1, tMax: 10, min: 0.2 }),
      /cosine: argument 'options.min' expected a floor ≤ baseLr/,
    ],
    ['restarts min > base', () => cosineWarmRestarts({ baseLr: 0.1, t0: 10, min: 0.2 }), /options.min/],
    ['tMult not integer', () => cosineWarmRestarts({ baseLr: 0.1, t0: 10, tMult: 1.5 }), /options.tMult/],
    ['t0 = 0', () => cosineWarmRestarts({ baseLr: 0.1, t0: 0 }), /options.t0/],
    [
      'pctStart = 0',
      () => oneCycle({ maxLr: 0.1, totalSteps: 100, pctStart: 0 }),
      /options.pctStart' expected a number in \(0, 1\)/,
    ],
    ['pctStart = 1', () => oneCycle({ maxLr: 0.1, totalSteps: 100, pctStart: 1 }), /options.pctStart/],
    [
      'empty first phase',
      () => oneCycle({ maxLr: 0.1, totalSteps: 1000, pctStart: 0.001 }),
      /leaves no phase empty/,
    ],
    [
      'step past totalSteps',
      () => oneCycle({ maxLr: 0.1, totalSteps: 100 })(101),
      /oneCycle: argument 'step' expected a step ≤ totalSteps/,
    ],
    ['anneal', () => oneCycle({ maxLr: 0.1, totalSteps: 100, anneal: 'cosine' as 'cos' }), /options.anneal/],
    [
      'milestones out of order',
      () => multiStep({ baseLr: 0.1, milestones: [30, 10] }),
      /multiStep: argument 'options.milestones' expected milestones in non-decreasing order, got 10 after 30/,
    ],
    ['negative milestone', () => multiStep({ baseLr: 0.1, milestones: [-1] }), /options.milestones\[0\]/],
    ['negative stepSize', () => stepDecay({ baseLr: 0.1, stepSize: -5 }), /options.stepSize/],
    ['gamma 0', () => exponential({ baseLr: 0.1, gamma: 0 }), /options.gamma/],
    ['negative lr', () => constant({ lr: -0.1 }), /constant: argument 'options.lr'/],
    ['factor > 1', () => constant({ lr: 0.1, factor: 2, totalIters: 3 }), /options.factor/],
    [
      'startFactor 0',
      () => linear({ baseLr: 0.1, startFactor: 0 }),
      /options.startFactor' expected a number in \(0, 1\]/,
    ],
    ['totalIters 0', () => polynomial({ baseLr: 0.1, totalIters: 0 }), /options.totalIters/],
    ['cyclic stepSizeUp 0', () => cyclic({ baseLr: 0.01, maxLr: 0.1, stepSizeUp: 0 }), /options.stepSizeUp/],
    ['cyclic mode', () => cyclic({ baseLr: 0.01, maxLr: 0.1, mode: 'sine' as 'triangular' }), /options.mode/],
    [
      'negative warmup steps',
      () => warmup(constant({ lr: 1 }), { steps: -3 }),
      /warmup: argument 'options.steps'/,
    ],
    ['warmup of a non-function', () => warmup(0.1 as never, { steps: 3 }), /warmup: argument 'schedule'/],
    [
      'join boundary count',
      () => join([constant({ lr: 1 }), constant({ lr: 2 })], []),
      /join: argument 'boundaries' expected 1 boundaries/,
    ],
    [
      'join not increasing',
      () => join([constant({ lr: 1 }), constant({ lr: 2 }), constant({ lr: 3 })], [5, 5]),
      /strictly increasing/,
    ],
    ['perEpoch stepsPerEpoch', () => perEpoch(constant({ lr: 1 }), 0), /perEpoch: argument 'stepsPerEpoch'/],
    ['sample steps', () => sample(constant({ lr: 1 }), -1), /sample: argument 'steps'/],
  ];
  for (const [name, f, message] of cases) {
    it(name, () => {
      expect(f).toThrow(TricksError);
      expect(f).toThrow(message);
    });
  }
});
