import type { CommandContext } from '../command.js';
import { DEAD } from './control.js';
import { ExpansionError } from './expand.js';
import { Shell } from './interpreter.js';

/**
 * `sh [-e] -c SCRIPT [ARG0 [ARGS...]]`, `sh FILE [ARGS...]`, or `sh` reading its stdin. The
 * shell of a container's main process takes the process's signals (for `trap`).
 */
export async function runShell(ctx: CommandContext, argv: readonly string[]): Promise<number> {
  let k = 1;
  let script: string | undefined;
  let errexit = false;
  let fromString = false;
  for (; k < argv.length && (argv[k] as string).startsWith('-') && argv[k] !== '-'; k++) {
    const flags = (argv[k] as string).slice(1);
    if (flags.includes('c')) fromString = true;
    if (flags.includes('e')) errexit = true;
  }
  let arg0 = argv[0] ?? 'sh';
  let positional: string[];
  if (fromString) {
    script = argv[k];
    if (script === undefined) {
      ctx.io.err.write('sh: -c requires an argument\n');
      return 2;
    }
    arg0 = argv[k + 1] ?? arg0;
    positional = argv.slice(k + 2);
  } else if (argv[k] !== undefined) {
    const file = ctx.host.fs.readFile(argv[k] as string, ctx.cwd);
    if (typeof file !== 'string' || ['ENOENT', 'EISDIR', 'ENOTDIR'].includes(file)) {
      ctx.io.err.write(`sh: can't open '${argv[k]}': No such file or directory\n`);
      return 2;
    }
    script = file;
    arg0 = argv[k] as string;
    positional = argv.slice(k + 1);
  } else {
    script = (await ctx.io.stdin?.readAll()) ?? '';
    positional = [];
  }
  const shell = new Shell(ctx.host, ctx.proc, ctx.io, ctx.env, ctx.cwd, arg0, positional);
  shell.errexit = errexit;
  const claimSignals = ctx.proc.handler === undefined;
  if (claimSignals) {
    ctx.proc.handler = (sig) => shell.onSignal(sig);
    shell.ownsSignals = true;
  }
  let code: number;
  try {
    code = await shell.guard(async () => {
      await shell.eval(script, ctx.io);
      await shell.checkpoint();
      return shell.status;
    });
  } catch (e) {
    if (e === DEAD) return 137;
    if (!(e instanceof ExpansionError)) throw e;
    ctx.io.err.write(`sh: ${e.message}\n`);
    code = e.status;
  }
  const onExit = shell.traps?.get(0);
  if (onExit !== undefined && onExit !== '' && !ctx.proc.exited) {
    shell.traps?.delete(0);
    await shell.guard(() => shell.eval(onExit, ctx.io)).catch(() => code);
  }
  if (shell.ownsSignals && !ctx.proc.exited) ctx.proc.handler = undefined;
  return code;
}
