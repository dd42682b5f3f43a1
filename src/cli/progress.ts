/** Progress on stderr: a rewritten line on a terminal, a line per 10% otherwise (logs, CI). */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const started = performance.now();
  let lastDecile = -1;
  return {
    update(done: number, total: number) {
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      const elapsed = ((performance.now() - started) / 1000).toFixed(1);
      const line = `${label}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${percent}%) ${elapsed}s`;
      if (stream.isTTY) {
        stream.write(`\r${line}${done >= total ? '\n' : ''}`);
      } else if (Math.floor(percent / 10) !== lastDecile) {
        lastDecile = Math.floor(percent / 10);
        stream.write(`${line}\n`);
      }
    },
  };
}
