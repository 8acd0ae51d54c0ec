import type { Command, CommandContext } from '../command.js';

/** Interprets backslash escapes as `echo -e` and `printf` do. */
function unescape(s: string): string {
  return s.replace(/\\(0[0-7]{0,3}|[abfnrtv\\])/g, (_, e: string) => {
    if (e.startsWith('0')) return String.fromCharCode(parseInt(e.slice(1) || '0', 8));
    return { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' }[e] ?? e;
  });
}

const echo: Command = (ctx, argv) => {
  let k = 1;
  let newline = true;
  let escapes = false;
  for (; k < argv.length && /^-[neE]+$/.test(argv[k] as string); k++) {
    const flags = argv[k] as string;
    if (flags.includes('n')) newline = false;
    if (flags.includes('e')) escapes = true;
    if (flags.includes('E')) escapes = false;
  }
  const text = argv.slice(k).join(' ');
  ctx.io.out.write((escapes ? unescape(text) : text) + (newline ? '\n' : ''));
  return 0;
};

const printf: Command = (ctx, argv) => {
  const format = argv[1];
  if (format === undefined) {
    ctx.io.err.write('printf: usage: printf FORMAT [ARGUMENT...]\n');
    return 1;
  }
  const args = argv.slice(2);
  let used = 0;
  let out = '';
  do {
    const before = used;
    out += unescape(format).replace(/%([-0-9.]*)([sdicxX%])/g, (_, _w: string, conv: string) => {
      if (conv === '%') return '%';
      const arg = args[used++] ?? '';
      if (conv === 's') return arg;
      if (conv === 'c') return arg.slice(0, 1);
      const n = Number.parseInt(arg === '' ? '0' : arg, 10);
      if (conv === 'x') return n.toString(16);
      if (conv === 'X') return n.toString(16).toUpperCase();
      return String(Number.isNaN(n) ? 0 : n);
    });
    if (used === before) break;
  } while (used < args.length);
  ctx.io.out.write(out);
  return 0;
};

const UNIT_SECONDS: Readonly<Record<string, number>> = { '': 1, s: 1, m: 60, h: 3_600, d: 86_400 };

/** Seconds of a `sleep` operand (`10`, `0.5`, `2m`, `inf`), or undefined if invalid. */
export function sleepSeconds(arg: string): number | undefined {
  if (/^inf(inity)?$/i.test(arg)) return Number.POSITIVE_INFINITY;
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
  return m === null ? undefined : Number(m[1]) * (UNIT_SECONDS[m[2] as string] as number);
}

const sleep: Command = (ctx, argv) => {
  if (argv.length < 2) {
    ctx.io.err.write('sleep: missing operand\n');
    return 1;
  }
  let total = 0;
  for (const a of argv.slice(1)) {
    const s = sleepSeconds(a);
    if (s === undefined) {
      ctx.io.err.write(`sleep: invalid number '${a}'\n`);
      return 1;
    }
    total += s;
  }
  return ctx.proc.sleep(total * 1000).then(() => 0);
};

const env: Command = async (ctx, argv) => {
  const vars = new Map(ctx.env);
  let k = 1;
  if (argv[k] === '-i') {
    vars.clear();
    k++;
  }
  for (; k < argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[k] as string); k++) {
    const a = argv[k] as string;
    vars.set(a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1));
  }
  const name = argv[k];
  if (name === undefined) {
    for (const [n, v] of vars) ctx.io.out.write(`${n}=${v}\n`);
    return 0;
  }
  const command = ctx.host.program(name);
  if (command === undefined) {
    ctx.io.err.write(`env: can't execute '${name}': No such file or directory\n`);
    return 127;
  }
  return command({ host: ctx.host, proc: ctx.proc, io: ctx.io, env: vars, cwd: ctx.cwd }, argv.slice(k));
};

const printenv: Command = (ctx, argv) => {
  if (argv.length === 1) return env(ctx, ['env']);
  let status = 0;
  for (const name of argv.slice(1)) {
    const v = ctx.env.get(name);
    if (v === undefined) status = 1;
    else ctx.io.out.write(`${v}\n`);
  }
  return status;
};

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `date` in UTC: busybox's default format, or `+FORMAT` with %Y %m %d %H %M %S %s %T %F %a %b %e %Z %%. */
const date: Command = (ctx, argv) => {
  const d = new Date(ctx.host.clock.now());
  const format = argv.slice(1).find((a) => a.startsWith('+'))?.slice(1) ?? '%a %b %e %H:%M:%S %Z %Y';
  const fields: Readonly<Record<string, () => string>> = {
    Y: () => String(d.getUTCFullYear()),
    m: () => pad(d.getUTCMonth() + 1),
    d: () => pad(d.getUTCDate()),
    e: () => String(d.getUTCDate()).padStart(2, ' '),
    H: () => pad(d.getUTCHours()),
    M: () => pad(d.getUTCMinutes()),
    S: () => pad(d.getUTCSeconds()),
    s: () => String(Math.floor(d.getTime() / 1000)),
    a: () => DAYS[d.getUTCDay()] as string,
    b: () => MONTHS[d.getUTCMonth()] as string,
    Z: () => 'UTC',
    T: () => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    F: () => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    '%': () => '%',
  };
  ctx.io.out.write(`${format.replace(/%(.)/g, (m, c: string) => fields[c]?.() ?? m)}\n`);
  return 0;
};

const seq: Command = (ctx, argv) => {
  const nums = argv.slice(1).map(Number);
  if (nums.length === 0 || nums.length > 3 || nums.some((n) => !Number.isFinite(n))) {
    ctx.io.err.write(`seq: invalid argument\n`);
    return 1;
  }
  const [first, step, last] = nums.length === 1 ? [1, 1, nums[0] as number] : nums.length === 2 ? [nums[0] as number, 1, nums[1] as number] : (nums as [number, number, number]);
  if (step === 0) return 1;
  let out = '';
  for (let n = first; step > 0 ? n <= last : n >= last; n += step) out += `${n}\n`;
  ctx.io.out.write(out);
  return 0;
};

/**
 * `pause`: the default command of fake images. Runs until SIGTERM or SIGINT, then exits 0 (like
 * Kubernetes' pause container). SIGKILL kills it as any process.
 */
const pause: Command = (ctx: CommandContext) =>
  new Promise<number>((resolve) => {
    ctx.proc.handler = (sig) => {
      if (sig === 15 || sig === 2) resolve(0);
      return true;
    };
  });

/** Basic busybox programs: echo, printf, sleep, env, printenv, date, hostname, seq, true, false, pause. */
export const BASIC_PROGRAMS: ReadonlyMap<string, Command> = new Map<string, Command>([
  ['echo', echo],
  ['printf', printf],
  ['sleep', sleep],
  ['env', env],
  ['printenv', printenv],
  ['date', date],
  ['hostname', (ctx) => (ctx.io.out.write(`${ctx.host.hostname}\n`), 0)],
  ['seq', seq],
  ['true', () => 0],
  ['false', () => 1],
  ['pause', pause],
]);
