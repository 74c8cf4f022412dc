/** Where a {@link ProgressBar} draws: a Node stream (stderr), TTY or not. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * A one-line terminal progress bar with ETA and live metrics. On a TTY it is redrawn in place
 * as steps go; either way {@link finish} writes the line once more with its final metrics, so
 * a log (not a TTY) gets exactly one line per bar.
 */
export class ProgressBar {
  private readonly start = performance.now();
  private lastDraw = 0;
  private done = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: ProgressStream = process.stderr,
    /** `done` at the start (a resumed epoch): the ETA counts only the steps taken here. */
    private readonly from = 0,
  ) {}

  /** Redraws `done / total` with the given metrics on a TTY (at most 10 times a second). */
  update(done: number, metrics: Record<string, string>): void {
    this.done = done;
    if (!this.stream.isTTY) return;
    const now = performance.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.stream.write(`\r\x1b[2K${this.line(done, metrics, now)}`);
  }

  /** Writes the bar's last state with `metrics` and ends the line. */
  finish(metrics: Record<string, string>, done = this.done): void {
    const line = this.line(done, metrics, performance.now());
    this.stream.write(this.stream.isTTY ? `\r\x1b[2K${line}\n` : `${line}\n`);
  }

  private line(done: number, metrics: Record<string, string>, now: number): string {
    const width = 24;
    const filled = Math.round((done / this.total) * width);
    const elapsed = (now - this.start) / 1000;
    const taken = done - this.from;
    const eta = taken > 0 ? (elapsed / taken) * (this.total - done) : 0;
    const parts = Object.entries(metrics).map(([k, v]) => `${k} ${v}`);
    const bar = `${'='.repeat(filled)}${filled < width ? '>' : ''}${' '.repeat(Math.max(0, width - filled - 1))}`;
    return `${this.label} [${bar}] ${done}/${this.total} ${formatSeconds(elapsed)}<${formatSeconds(eta)} ${parts.join(' · ')}`;
  }
}

/** `75` → `1:15`. */
export function formatSeconds(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
}
