import type { Io } from '../command.js';
import { fsErrorText, FakeDir } from '../fake-fs.js';
import { signalName, signalNumber } from '../process.js';
import { DEAD, ShellExit } from './control.js';
import type { Shell } from './interpreter.js';

/** A builtin that acts on the shell itself. */
export type Special = (sh: Shell, argv: readonly string[], io: Io) => number | Promise<number>;

/** `EXIT`/`0` is 0; otherwise a signal number, or undefined. */
function trapCondition(spec: string): number | undefined {
  if (spec === 'EXIT' || spec === '0') return 0;
  return signalNumber(spec);
}

function trap(sh: Shell, argv: readonly string[], io: Io): number {
  const args = argv.slice(1);
  if (args.length === 0) {
    for (const [sig, action] of sh.traps ?? []) {
      io.out.write(`trap -- '${action.replace(/'/g, "'\\''")}' ${sig === 0 ? 'EXIT' : signalName(sig)}\n`);
    }
    return 0;
  }
  // `trap - SIG...` and `trap N...` (a number first) reset; otherwise the first operand is the action.
  const reset = args[0] === '-' || /^\d+$/.test(args[0] as string);
  const action = reset ? undefined : (args[0] as string);
  const specs = args[0] === '-' || !reset ? args.slice(1) : args;
  let status = 0;
  for (const spec of specs) {
    const sig = trapCondition(spec);
    if (sig === undefined) {
      io.err.write(`sh: trap: ${spec}: invalid signal specification\n`);
      status = 1;
      continue;
    }
    sh.traps ??= new Map();
    if (action === undefined) sh.traps.delete(sig);
    else sh.traps.set(sig, action);
  }
  return status;
}

async function wait(sh: Shell): Promise<number> {
  const jobs = sh.jobs;
  if (jobs.length === 0) return 0;
  let signalled = false;
  const interrupted = new Promise<void>((resolve) => {
    sh.wake = () => {
      signalled = true;
      resolve();
    };
  });
  const statuses = await Promise.race([Promise.all(jobs), interrupted]);
  sh.wake = undefined;
  // A trapped signal interrupts `wait` with 128+N; its trap runs after this command.
  if (signalled || statuses === undefined) return 128 + (sh.pending[0] ?? 15);
  sh.jobs = sh.jobs.filter((j) => !jobs.includes(j));
  return statuses.at(-1) ?? 0;
}

async function exec(sh: Shell, argv: readonly string[], io: Io): Promise<number> {
  const name = argv[1];
  if (name === undefined) return 0;
  const command = sh.host.program(name);
  if (command === undefined) {
    io.err.write(`sh: exec: ${name}: not found\n`);
    throw new ShellExit(127);
  }
  // The program replaces the shell: the shell's traps no longer apply.
  if (sh.ownsSignals) sh.proc.handler = undefined;
  sh.traps = undefined;
  const status = await command({ host: sh.host, proc: sh.proc, io, env: sh.env(), cwd: sh.cwd }, argv.slice(1));
  throw new ShellExit(status);
}

function set(sh: Shell, argv: readonly string[], io: Io): number {
  if (argv.length === 1) {
    for (const [n, v] of [...sh.vars].sort(([a], [b]) => (a < b ? -1 : 1))) io.out.write(`${n}='${v}'\n`);
    return 0;
  }
  for (let k = 1; k < argv.length; k++) {
    const a = argv[k] as string;
    if (a === '--') {
      sh.positional = argv.slice(k + 1);
      return 0;
    }
    if (a === '-o' || a === '+o') {
      k++; // pipefail and friends: accepted, not modelled
      continue;
    }
    if (/^[-+][a-z]+$/.test(a) && a.includes('e')) sh.errexit = a.startsWith('-');
  }
  return 0;
}

function cd(sh: Shell, argv: readonly string[], io: Io): number {
  const target = argv[1] ?? sh.vars.get('HOME') ?? '/';
  const node = sh.host.fs.stat(target, sh.cwd);
  if (!(node instanceof FakeDir)) {
    io.err.write(`sh: cd: can't cd to ${target}: ${fsErrorText(node === undefined ? 'ENOENT' : 'ENOTDIR')}\n`);
    return 2;
  }
  const abs = target.startsWith('/') ? target : `${sh.cwd}/${target}`;
  sh.cwd = `/${abs.split('/').filter((s) => s !== '' && s !== '.').reduce<string[]>((acc, s) => (s === '..' ? acc.slice(0, -1) : [...acc, s]), []).join('/')}`;
  return 0;
}

function kill(sh: Shell, argv: readonly string[], io: Io): number {
  let sig = 15;
  let k = 1;
  const first = argv[1];
  if (first === '-s' && argv[2] !== undefined) {
    sig = signalNumber(argv[2]) ?? -1;
    k = 3;
  } else if (first !== undefined && first.startsWith('-')) {
    sig = signalNumber(first.slice(1)) ?? -1;
    k = 2;
  }
  if (sig < 0) {
    io.err.write(`sh: kill: bad signal name '${argv[k - 1]}'\n`);
    return 1;
  }
  let status = 0;
  for (const pid of argv.slice(k)) {
    if (pid === '1' && sh.host.signalMain(sig)) continue;
    io.err.write(`sh: can't kill pid ${pid}: No such process\n`);
    status = 1;
  }
  return status;
}

async function source(sh: Shell, argv: readonly string[], io: Io): Promise<number> {
  const file = argv[1] === undefined ? 'ENOENT' : sh.host.fs.readFile(argv[1], sh.cwd);
  if (file === 'ENOENT' || file === 'EISDIR' || file === 'ENOTDIR') {
    io.err.write(`sh: .: can't open '${argv[1] ?? ''}'\n`);
    throw new ShellExit(2);
  }
  return sh.eval(file, io);
}

/**
 * `read [-r] [-p PROMPT] [NAME...]`: reads one line of stdin (a backslash-newline continues it
 * unless `-r`; other backslashes quote the next character), splits it on `$IFS` and assigns the
 * fields to the names in order, the last name taking the rest (`REPLY` without names). Exit
 * status 1 at end-of-file, with what was read before it still assigned (POSIX `read`).
 */
async function read(sh: Shell, argv: readonly string[], io: Io): Promise<number> {
  let raw = false;
  let k = 1;
  for (; k < argv.length && (argv[k] as string).startsWith('-') && argv[k] !== '-'; k++) {
    const a = argv[k] as string;
    if (a === '--') {
      k++;
      break;
    }
    if (a === '-p') io.err.write(argv[++k] ?? '');
    else if (/^-r+$/.test(a)) raw = true;
    else {
      io.err.write(`sh: read: ${a}: invalid option\n`);
      return 2;
    }
  }
  const names = argv.length > k ? argv.slice(k) : ['REPLY'];
  for (const name of names) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      io.err.write(`sh: read: '${name}': not a valid identifier\n`);
      return 1;
    }
  }
  let line = '';
  let eof = false;
  for (;;) {
    const chunk = await (io.stdin?.readLine() ?? undefined);
    if (sh.proc.exited) throw DEAD;
    if (chunk === undefined) {
      eof = true;
      break;
    }
    const complete = chunk.endsWith('\n');
    const text = complete ? chunk.slice(0, -1) : chunk;
    if (!complete) eof = true;
    if (!raw && complete && /(^|[^\\])(\\\\)*\\$/.test(text)) {
      line += text.slice(0, -1); // a backslash-newline continues the line
      continue;
    }
    line += text;
    break;
  }
  if (eof && line === '') {
    for (const name of names) sh.setVar(name, '');
    return 1;
  }
  if (!raw) line = line.replace(/\\(.)/g, '$1');
  const ifs = sh.param('IFS') ?? ' \t\n';
  const isWhite = (c: string): boolean => ifs.includes(c) && ' \t\n'.includes(c);
  const isSep = (c: string): boolean => ifs.includes(c);
  let pos = 0;
  const skipWhite = (): void => {
    while (pos < line.length && isWhite(line[pos] as string)) pos++;
  };
  skipWhite();
  names.forEach((name, n) => {
    if (n === names.length - 1) {
      let rest = line.slice(pos);
      while (rest !== '' && isWhite(rest.at(-1) as string)) rest = rest.slice(0, -1);
      sh.setVar(name, rest);
      return;
    }
    const start = pos;
    while (pos < line.length && !isSep(line[pos] as string)) pos++;
    sh.setVar(name, line.slice(start, pos));
    skipWhite();
    if (pos < line.length && isSep(line[pos] as string)) {
      pos++;
      skipWhite();
    }
  });
  return eof ? 1 : 0;
}

/** The shell's own builtins, by name. Everything else is looked up as a program of the image. */
export const SHELL_SPECIALS: ReadonlyMap<string, Special> = new Map<string, Special>([
  [':', () => 0],
  ['true', () => 0],
  ['false', () => 1],
  ['exit', (sh, argv) => {
    throw new ShellExit(argv[1] === undefined ? sh.status : Number(argv[1]) & 255);
  }],
  ['trap', trap],
  ['read', read],
  ['wait', (sh) => wait(sh)],
  ['exec', exec],
  ['set', set],
  ['cd', cd],
  ['pwd', (sh, _argv, io) => (io.out.write(`${sh.cwd}\n`), 0)],
  ['kill', kill],
  ['.', source],
  ['source', source],
  ['eval', (sh, argv, io) => sh.eval(argv.slice(1).join(' '), io)],
  ['shift', (sh, argv) => {
    const n = argv[1] === undefined ? 1 : Number(argv[1]);
    if (!(n >= 0 && n <= sh.positional.length)) return 1;
    sh.positional = sh.positional.slice(n);
    return 0;
  }],
  ['export', (sh, argv) => {
    for (const a of argv.slice(1)) {
      const eq = a.indexOf('=');
      if (eq > 0) sh.setVar(a.slice(0, eq), a.slice(eq + 1));
      sh.export(eq > 0 ? a.slice(0, eq) : a);
    }
    return 0;
  }],
  ['unset', (sh, argv) => {
    for (const a of argv.slice(1)) if (a !== '-v' && a !== '-f') sh.unset(a);
    return 0;
  }],
]);
