// A one-line progress bar for terminals; prints nothing special when stdout is not a TTY.

export interface ProgressView {
  status: string;
  percent: number;
  message?: string;
}

export function createProgressBar(stream: NodeJS.WriteStream = process.stderr) {
  const tty = stream.isTTY === true;
  let lastLine = '';
  return {
    update(view: ProgressView): void {
      const width = 30;
      const pct = Math.max(0, Math.min(100, Math.round(view.percent)));
      const filled = Math.round((pct / 100) * width);
      const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${view.status}${view.message ? ` · ${view.message}` : ''}`;
      if (line === lastLine) return;
      lastLine = line;
      if (tty) stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 100) - 1)}`);
      else stream.write(`${line}\n`);
    },
    done(): void {
      if (tty && lastLine) stream.write('\n');
    },
  };
}
