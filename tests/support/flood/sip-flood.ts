import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FloodPlan, FloodReport } from './sip-flood-plan.ts';

const floodProcess = fileURLToPath(new URL('./sip-flood-process.ts', import.meta.url));

/** Runs a flood of bad SIP messages in a process of its own; resolves with what it did. */
export async function sipFlood(plan: FloodPlan): Promise<FloodReport> {
  const child = spawn(process.execPath, [floodProcess, JSON.stringify(plan)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the flood process failed (exit ${code})`);
  return JSON.parse(output) as FloodReport;
}
