/**
 * The one error type every tftricks function throws for bad input.
 *
 * It always names the function, the argument, what was expected and what was given, so a
 * user can fix the call without reading the source:
 * `mixup: argument 'targets' expected 32 rows (one per image), got 16`.
 */
export class TricksError extends Error {
  override readonly name = 'TricksError';
  /** The public function that refused the input, e.g. `'adjustHue'`. */
  readonly fn: string;
  /** The argument (or option path, e.g. `'options.p'`) that was wrong. */
  readonly arg: string;
  /** What the function expected, in words. */
  readonly expected: string;
  /** What it was given, in words. */
  readonly given: string;

  constructor(fn: string, arg: string, expected: string, given: string) {
    super(`${fn}: argument '${arg}' expected ${expected}, got ${given}`);
    this.fn = fn;
    this.arg = arg;
    this.expected = expected;
    this.given = given;
  }
}

/** A short, human description of any value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value))
    return `a ${value.constructor.name} of length ${(value as Uint8Array).length}`;
  if (typeof value === 'object' && 'shape' in value && 'dtype' in value) {
    const t = value as { shape: number[]; dtype: string };
    return `a ${t.dtype} tensor of shape [${t.shape.join(', ')}]`;
  }
  return typeof value;
}
