import { assertInteger, describeValue, TricksError } from '@tftricks/core';
import {
  assertSchedule,
  defineSchedule,
  innerSpec,
  type Schedule,
  type SerializableSchedule,
} from './schedule';

export interface JoinSpec {
  type: 'join';
  schedules: { type: string }[];
  boundaries: number[];
}

/**
 * Runs schedules one after another (optax's `join_schedules`, PyTorch's `SequentialLR`):
 * for `boundaries[i−1] ≤ t < boundaries[i]`, the rate is `schedules[i](t − boundaries[i−1])`,
 * so each schedule restarts its own clock at its boundary.
 *
 * @param schedules n ≥ 1 schedules.
 * @param boundaries n − 1 strictly increasing integers ≥ 1.
 */
export function join(
  schedules: readonly Schedule[],
  boundaries: readonly number[],
): SerializableSchedule<JoinSpec> {
  if (!Array.isArray(schedules) || schedules.length === 0) {
    throw new TricksError('join', 'schedules', 'a non-empty array of schedules', describeValue(schedules));
  }
  schedules.forEach((s, i) => {
    assertSchedule('join', `schedules[${i}]`, s);
  });
  if (!Array.isArray(boundaries) || boundaries.length !== schedules.length - 1) {
    throw new TricksError(
      'join',
      'boundaries',
      `${schedules.length - 1} boundaries (one fewer than schedules)`,
      describeValue(boundaries),
    );
  }
  boundaries.forEach((b, i) => {
    assertInteger('join', `boundaries[${i}]`, b, 1);
    if (i > 0 && b <= boundaries[i - 1]!) {
      throw new TricksError(
        'join',
        'boundaries',
        'strictly increasing boundaries',
        `${b} after ${boundaries[i - 1]} at index ${i}`,
      );
    }
  });
  const ss = schedules.slice();
  const bs = boundaries.slice();
  return defineSchedule(
    'join',
    () => ({
      type: 'join',
      schedules: ss.map((s, i) => innerSpec('join', `schedules[${i}]`, s)),
      boundaries: bs,
    }),
    (t) => {
      let i = 0;
      while (i < bs.length && t >= bs[i]!) i++;
      return ss[i]!(i === 0 ? t : t - bs[i - 1]!);
    },
  );
}
