import type { GradientTransformation } from './gradient-transformation';
import { type LookaheadOptions, lookahead } from './lookahead';
import { type RAdamOptions, radam } from './radam';

/** Options of {@link ranger}: RAdam's plus Lookahead's (`k` default 6, `alpha` 0.5). */
export interface RangerOptions extends RAdamOptions, LookaheadOptions {}

/** Ranger (Wright 2019) = lookahead(radam(...), { k: 6, alpha: 0.5 }). */
export function ranger(options: RangerOptions = {}): GradientTransformation {
  const { k = 6, alpha = 0.5, ...rest } = options;
  return lookahead(radam(rest), { k, alpha });
}
