// Progress for long work on the CLI: a single updating line on a terminal, sparse lines otherwise (CI logs).
export function progress(label: string, stream: NodeJS.WriteStream = process.stderr) {
  let lastPct = -1,
    lastAt = 0;
  return (done: number, total: number) => {
    const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
    const now = Date.now();
    if (pct === lastPct || (now - lastAt < 200 && done < total)) return;
    lastPct = pct;
    lastAt = now;
    const line = `${label}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${pct}%)`;
    if (stream.isTTY) stream.write(`\r${line}${done >= total ? '\n' : ''}`);
    else if (pct % 25 === 0 || done >= total) stream.write(line + '\n');
  };
}
