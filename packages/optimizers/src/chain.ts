import type { GradientTransformation, Hyperparams, OptState } from './gradient-transformation';

/** State of {@link chain}: one entry per transformation, in order. */
export type ChainState = readonly OptState[];

/**
 * Composes transformations left to right: the updates of one are the gradients of the next
 * (optax `chain`). `inspect` reports the first member that knows the learning rate.
 */
export function chain(...transformations: GradientTransformation[]): GradientTransformation<ChainState> {
  return {
    init: (params) => transformations.map((t) => t.init(params)),
    update(grads, state, params, context) {
      let updates = grads;
      const next: OptState[] = [];
      transformations.forEach((t, i) => {
        const r = t.update(updates, state[i]!, params, context);
        updates = r.updates;
        next.push(r.state);
      });
      return { updates, state: next };
    },
    inspect(state): Hyperparams | undefined {
      for (let i = 0; i < transformations.length; i++) {
        const h = transformations[i]!.inspect?.(state === null ? null : state[i]!);
        if (h !== undefined) return h;
      }
      return undefined;
    },
  };
}
