/** Runs a bench child script (node --expose-gc --import tsx) and parses its last JSON line. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Output of a child, or the reason it produced none. */
export type ChildResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Runs bench/<script> with args; kills it after `killMs` (a hard stop beyond the child's own guard). */
export function runChild<T>(script: string, args: readonly (string | number)[], killMs: number): Promise<ChildResult<T>> {
  const path = fileURLToPath(new URL(`../${script}`, import.meta.url));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=6144', '--import', 'tsx', path, ...args.map(String)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), killMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
      if (line !== undefined) resolve({ ok: true, value: JSON.parse(line) as T });
      else resolve({ ok: false, reason: `child exited ${signal ?? code} without a result${signal === 'SIGKILL' ? ` (killed after ${killMs} ms)` : ''}: ${err.trim().split('\n').slice(-3).join(' | ')}` });
    });
  });
}
