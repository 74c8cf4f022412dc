/** A one-line terminal progress bar with ETA and live metrics, redrawn in place on a TTY. */
export class ProgressBar {
  private readonly start = performance.now();
  private lastDraw = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  /** Draws `done / total` with the given metrics (throttled to 10 redraws a second). */
  update(done: number, metrics: Record<string, string>): void {
    const now = performance.now();
    if (done < this.total && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const width = 24;
    const filled = Math.round((done / this.total) * width);
    const elapsed = (now - this.start) / 1000;
    const eta = done > 0 ? (elapsed / done) * (this.total - done) : 0;
    const parts = Object.entries(metrics).map(([k, v]) => `${k} ${v}`);
    const line = `${this.label} [${'='.repeat(filled)}${filled < width ? '>' : ''}${' '.repeat(Math.max(0, width - filled - 1))}] ${done}/${this.total} ${formatSeconds(elapsed)}<${formatSeconds(eta)} ${parts.join(' · ')}`;
    if (this.stream.isTTY) this.stream.write(`\r\x1b[2K${line}`);
    else if (done === this.total) this.stream.write(`${line}\n`);
  }

  /** Ends the line. */
  finish(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}

/** `75` → `1:15`. */
export function formatSeconds(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
}
