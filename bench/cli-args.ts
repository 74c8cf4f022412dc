/** `--name value` from the command line, or `fallback`. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

/** A comma-separated list of numbers (`"0,1"` → `[0, 1]`). */
export const nums = (s: string): number[] => s.split(',').map(Number);
