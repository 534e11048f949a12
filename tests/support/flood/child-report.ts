import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * A measuring script of this folder run as a process of its own (so that what it times is
 * not the event loop of a test busy with WebRTC peers), given `input` as JSON in its argument,
 * printing one JSON line, its report, before it exits. It runs until it is done, or until its
 * stdin closes: `stop()` closes it and resolves with the report.
 */
export function startChildReport<Report>(script: string, input: unknown) {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, [path, JSON.stringify(input)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const report = new Promise<Report>((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(output) as Report)
        : reject(new Error(`${script} failed (exit ${code})`)),
    ),
  );
  return {
    /** Its report once it is done by itself. */
    report,
    /** Tells it to stop (closes its stdin); resolves with its report. */
    stop(): Promise<Report> {
      child.stdin.end();
      return report;
    },
  };
}

/** In a child: resolves once the parent closes stdin (its `stop()`). */
export function stopRequested(): Promise<void> {
  process.stdin.resume();
  return new Promise((resolve) => process.stdin.once('close', () => resolve()));
}
