import { describe, expect, it } from 'vitest';
import { cosine } from './cosine';
import { sample } from './sample';

describe('sample', () => {
  it('returns plot-ready arrays with a stride', () => {
    const s = cosine({ baseLr: 1, tMax: 10 });
    expect(sample(s, 11, 5)).toEqual({ step: [0, 5, 10], lr: [1, s(5), s(10)] });
    expect(sample(s, 0).lr).toEqual([]);
    expect(sample(s, 3).step).toEqual([0, 1, 2]);
  });
});
