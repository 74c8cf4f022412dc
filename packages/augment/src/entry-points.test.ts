import { describe, expect, it } from 'vitest';
import * as main from './index';
import * as search from './search/index';

describe('entry points', () => {
  it("'@tftricks/augment/search' exports the policy search", () => {
    expect(Object.keys(search).sort()).toEqual(['fastAutoAugment', 'tpeSuggest']);
  });

  it('the main entry keeps the moved names as aliases of the same functions', () => {
    expect(main.fastAutoAugment).toBe(search.fastAutoAugment);
    expect(main.tpeSuggest).toBe(search.tpeSuggest);
  });
});
