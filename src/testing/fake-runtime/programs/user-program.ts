import { BufferSink, type Command, type CommandContext } from '../command.js';
import { FakeFile } from '../fake-fs.js';
import { signalName } from '../process.js';
import type { FakeProgram, FakeProgramContext } from '../types.js';

/** Runs a command line of the container (a string is an `sh -c` script) and collects its output. */
export async function runCollected(ctx: CommandContext, command: string | readonly string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const argv = typeof command === 'string' ? ['sh', '-c', command] : command;
  const out = new BufferSink();
  const err = new BufferSink();
  const program = argv[0] === undefined ? undefined : ctx.host.program(argv[0]);
  if (program === undefined) return { exitCode: 127, stdout: '', stderr: `exec: "${argv[0] ?? ''}": executable file not found in $PATH\n` };
  const exitCode = await program({ host: ctx.host, proc: ctx.proc, io: { out, err }, env: ctx.env, cwd: ctx.cwd }, argv);
  return { exitCode, stdout: out.text, stderr: err.text };
}

/** Adapts a user program (from `defineProgram`) to the fake's command interface. */
export function userCommand(program: FakeProgram): Command {
  return async (ctx, argv) => {
    const { host, proc } = ctx;
    const waiters: ((signal: string) => void)[] = [];
    let onSignal: ((signal: string) => void) | undefined;
    const install = (): void => {
      proc.handler = (sig) => {
        const name = `SIG${signalName(sig)}`;
        onSignal?.(name);
        for (const w of waiters.splice(0)) w(name);
        return true;
      };
    };
    const pctx: FakeProgramContext = {
      args: argv.slice(1),
      env: Object.fromEntries(ctx.env),
      cwd: ctx.cwd,
      stdin: ctx.io.stdin?.ended === true ? ctx.io.stdin.peek() : undefined,
      readStdin: async () => (await ctx.io.stdin?.readAll()) ?? '',
      container: { id: host.containerId, name: host.containerName },
      pod: { ...host.pod, ip: host.podIp },
      now: () => host.clock.now(),
      stdout: (text) => ctx.io.out.write(text),
      stderr: (text) => ctx.io.err.write(text),
      sleep: (ms) => proc.sleep(ms),
      readFile: (path) => {
        const node = host.fs.stat(path, ctx.cwd);
        return node instanceof FakeFile ? node.content : undefined;
      },
      writeFile: (path, content, options) => {
        const error = host.fs.writeFile(path, content, options?.append === true, ctx.cwd);
        if (error !== undefined) throw new Error(`${path}: ${error}`);
      },
      exists: (path) => host.fs.stat(path, ctx.cwd) !== undefined,
      listen: (port, http) => host.listen(proc, port, http),
      unlisten: (port) => host.unlisten(proc, port),
      onSignal: (handler) => {
        onSignal = handler;
        install();
      },
      waitForSignal: () =>
        new Promise<string>((resolve) => {
          waiters.push(resolve);
          install();
        }),
      allocate: (bytes) => host.allocate(proc, bytes),
      run: (command) => runCollected(ctx, command),
    };
    const status = await program(pctx);
    return typeof status === 'number' ? status & 255 : 0;
  };
}
