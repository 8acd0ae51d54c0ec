import { BufferSink, type CommandContext, type ContainerHost, type Io } from '../command.js';
import type { FakeProcess } from '../process.js';
import { FakeStdin } from '../stdin.js';
import { ShSyntaxError, type Node } from './ast.js';
import { DEAD, ShellExit } from './control.js';
import { capture, expandString, expandWords, redirect } from './expand.js';
import { parseScript } from './parser.js';
import { SHELL_SPECIALS } from './specials.js';


/** Commands run without virtual time passing before the shell yields 1 ms (a busy loop's CPU time). */
const SPIN_LIMIT = 10_000;

/**
 * The interpreter of the FakeRuntime's POSIX sh subset (see FakeRuntime's doc comment for the
 * list). One instance per shell process; subshells, `$(...)` and `&` jobs use clones.
 */
export class Shell {
  readonly vars: Map<string, string>;
  readonly exported: Set<string>;
  cwd: string;
  status = 0;
  positional: string[];
  arg0: string;
  errexit = false;
  /** True for the shell that took its process's signals (its traps get them). */
  ownsSignals = false;
  /** Trap actions by signal number (0 = EXIT); `''` ignores the signal. */
  traps: Map<number, string> | undefined;
  readonly pending: number[] = [];
  jobs: Promise<number>[] = [];
  /** True once a `$(...)` ran in the current simple command (its status becomes `$?`). */
  substituted = false;
  /** Wakes a `wait` interrupted by a trapped signal. */
  wake: (() => void) | undefined;
  #env: Map<string, string> | undefined;
  #spin = 0;
  #spinAt = Number.NaN;
  #exempt = false;

  constructor(
    readonly host: ContainerHost,
    readonly proc: FakeProcess,
    readonly rootIo: Io,
    env: ReadonlyMap<string, string>,
    cwd: string,
    arg0: string,
    positional: string[],
  ) {
    this.vars = new Map(env);
    this.exported = new Set(env.keys());
    this.cwd = cwd;
    this.arg0 = arg0;
    this.positional = positional;
  }

  /** A copy for a subshell: same variables and traps, its own status and jobs. */
  clone(): Shell {
    const c = new Shell(this.host, this.proc, this.rootIo, this.vars, this.cwd, this.arg0, [...this.positional]);
    c.exported.clear();
    for (const n of this.exported) c.exported.add(n);
    c.status = this.status;
    c.errexit = this.errexit;
    return c;
  }

  /** The value of `$name` (special parameters included), or undefined if unset. */
  param(name: string): string | undefined {
    switch (name) {
      case '?': return String(this.status);
      case '$': return '1';
      case '#': return String(this.positional.length);
      case '0': return this.arg0;
      case '@':
      case '*': return this.positional.join(' ');
      case '!': return '';
      case '-': return this.errexit ? 'e' : '';
      default:
        if (/^[1-9]$/.test(name)) return this.positional[Number(name) - 1];
        return this.vars.get(name);
    }
  }

  setVar(name: string, value: string): void {
    this.vars.set(name, value);
    if (this.exported.has(name)) this.#env = undefined;
  }

  export(name: string): void {
    this.exported.add(name);
    this.#env = undefined;
  }

  unset(name: string): void {
    this.vars.delete(name);
    this.exported.delete(name);
    this.#env = undefined;
  }

  /** The environment passed to commands (exported variables). */
  env(): Map<string, string> {
    if (this.#env === undefined) {
      this.#env = new Map();
      for (const n of this.exported) {
        const v = this.vars.get(n);
        if (v !== undefined) this.#env.set(n, v);
      }
    }
    return this.#env;
  }

  /** Takes a signal for the process: queues it for its trap (true) or leaves the default (false). */
  onSignal(sig: number): boolean {
    const action = this.traps?.get(sig);
    if (action === undefined) return false;
    if (action !== '') {
      this.pending.push(sig);
      this.wake?.();
    }
    return true;
  }

  /** Runs a script in this shell and returns its status (`exit` propagates as {@link ShellExit}). */
  async eval(src: string, io: Io): Promise<number> {
    let node: Node;
    try {
      node = parseScript(src);
    } catch (e) {
      if (!(e instanceof ShSyntaxError)) throw e;
      io.err.write(`sh: ${e.message}\n`);
      throw new ShellExit(2);
    }
    return this.run(node, io);
  }

  /** `$(...)`: runs the script in a subshell and returns its output without trailing newlines. */
  async substitute(src: string): Promise<string> {
    const sub = this.clone();
    const text = await capture((io) => sub.guard(() => sub.eval(src, io)), this.rootIo.err);
    this.status = sub.status;
    this.substituted = true;
    return text;
  }

  /** Runs `fn`, turning `exit` into a status (subshells, jobs). */
  async guard(fn: () => Promise<number>): Promise<number> {
    try {
      this.status = await fn();
    } catch (e) {
      if (!(e instanceof ShellExit)) throw e;
      this.status = e.code;
    }
    return this.status;
  }

  /** After each command: stop if the process died, run pending traps, yield in busy loops. */
  async checkpoint(): Promise<void> {
    if (this.proc.exited) throw DEAD;
    while (this.pending.length > 0) {
      const action = this.traps?.get(this.pending.shift() as number);
      if (action === undefined || action === '') continue;
      const saved = this.status;
      await this.eval(action, this.rootIo);
      this.status = saved;
    }
    if (++this.#spin >= SPIN_LIMIT) {
      if (this.host.clock.now() === this.#spinAt) await this.proc.sleep(1);
      this.#spin = 0;
      this.#spinAt = this.host.clock.now();
      if (this.proc.exited) throw DEAD;
    }
  }

  /** Runs a node; returns (and records) its status. */
  async run(node: Node, io: Io): Promise<number> {
    this.#exempt = false;
    switch (node.k) {
      case 'simple':
        this.status = await this.#simple(node, io);
        return this.status;
      case 'list':
        for (const item of node.items) {
          if (item.bg) {
            const job = this.clone();
            this.jobs.push(job.guard(() => job.run(item.node, io)).catch(() => 137));
            this.status = 0;
          } else {
            await this.run(item.node, io);
            if (this.errexit && this.status !== 0 && !this.#exempt) throw new ShellExit(this.status);
          }
          await this.checkpoint();
        }
        return this.status;
      case 'andor': {
        const left = await this.run(node.left, io);
        if ((node.op === '&&') === (left === 0)) return this.run(node.right, io);
        this.#exempt = true;
        return left;
      }
      case 'pipe': {
        let stdin = io.stdin;
        for (let k = 0; k < node.cmds.length; k++) {
          const last = k === node.cmds.length - 1;
          const buf = new BufferSink();
          const stage: Io = { out: last ? io.out : buf, err: io.err, ...(stdin === undefined ? {} : { stdin }) };
          await this.run(node.cmds[k] as Node, stage);
          stdin = FakeStdin.of(buf.text);
        }
        if (node.neg) {
          this.status = this.status === 0 ? 1 : 0;
          this.#exempt = true;
        }
        return this.status;
      }
      default:
        return this.#compound(node, io);
    }
  }

  async #compound(node: Extract<Node, { redirs: unknown }>, io: Io): Promise<number> {
    const rio = node.redirs.length === 0 ? io : await redirect(this, node.redirs, io);
    if (typeof rio === 'string') {
      io.err.write(`sh: ${rio}\n`);
      return (this.status = 1);
    }
    switch (node.k) {
      case 'if':
        for (const [cond, body] of node.clauses) {
          if ((await this.run(cond, rio)) === 0) return this.run(body, rio);
        }
        this.status = node.otherwise === undefined ? 0 : await this.run(node.otherwise, rio);
        return this.status;
      case 'loop': {
        let status = 0;
        for (;;) {
          const c = await this.run(node.cond, rio);
          await this.checkpoint();
          if ((c === 0) === node.until) break;
          status = await this.run(node.body, rio);
          await this.checkpoint();
        }
        return (this.status = status);
      }
      case 'for': {
        const items = node.items === undefined ? [...this.positional] : await expandWords(this, node.items);
        let status = 0;
        for (const item of items) {
          this.setVar(node.name, item);
          status = await this.run(node.body, rio);
          await this.checkpoint();
        }
        return (this.status = status);
      }
      case 'group':
        if (!node.subshell) return this.run(node.body, rio);
        {
          const sub = this.clone();
          return (this.status = await sub.guard(() => sub.run(node.body, rio)));
        }
      default:
        return this.status;
    }
  }

  async #simple(node: Extract<Node, { k: 'simple' }>, io: Io): Promise<number> {
    this.substituted = false;
    const argv = node.literal ?? (await expandWords(this, node.words));
    const assigns: [string, string][] = [];
    for (const [name, word] of node.assigns) assigns.push([name, await expandString(this, word)]);
    const cmdIo = node.redirs.length === 0 ? io : await redirect(this, node.redirs, io);
    if (typeof cmdIo === 'string') {
      io.err.write(`sh: ${cmdIo}\n`);
      return 1;
    }
    const name = argv[0];
    if (name === undefined) {
      for (const [n, v] of assigns) this.setVar(n, v);
      return this.substituted ? this.status : 0;
    }
    const special = SHELL_SPECIALS.get(name);
    if (special !== undefined) return special(this, argv, cmdIo);
    const command = this.host.program(name);
    if (command === undefined) {
      cmdIo.err.write(`sh: ${name}: not found\n`);
      return 127;
    }
    let env: ReadonlyMap<string, string> = this.env();
    if (assigns.length > 0) {
      const copy = new Map(env);
      for (const [n, v] of assigns) copy.set(n, v);
      env = copy;
    }
    const ctx: CommandContext = { host: this.host, proc: this.proc, io: cmdIo, env, cwd: this.cwd };
    const status = await command(ctx, argv);
    if (this.proc.exited) throw DEAD;
    return status;
  }
}
