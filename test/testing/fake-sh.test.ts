import { beforeAll, describe, expect, it } from 'vitest';
import type { FakeRuntime } from 'podkit/testing';
import { setup } from './fake-harness.js';

// Every case runs `sh -c SCRIPT` through exec in a running busybox-like container.
let rt: FakeRuntime;
let id: string;

beforeAll(async () => {
  const s = await setup();
  rt = s.rt;
  id = await s.run('shell', ['sleep', 'infinity'], { env: [{ name: 'GREETING', value: 'hello' }] });
});

async function sh(script: string, ...args: string[]) {
  return rt.exec(id, ['sh', '-c', script, ...args]);
}

type Row = [string, string, string, number];

describe('the fake sh: lists, exit statuses and control flow', () => {
  it.each<Row>([
    ['echo prints its arguments', 'echo hello   world', 'hello world\n', 0],
    ['echo -n omits the newline', 'echo -n a; echo b', 'ab\n', 0],
    ['echo -e interprets escapes', 'echo -e "a\\tb"', 'a\tb\n', 0],
    ['; runs commands in sequence', 'echo a; echo b', 'a\nb\n', 0],
    ['a newline separates commands', 'echo a\necho b', 'a\nb\n', 0],
    ['&& runs the right side after success', 'true && echo yes', 'yes\n', 0],
    ['&& skips the right side after failure', 'false && echo yes', '', 1],
    ['|| runs the right side after failure', 'false || echo fallback', 'fallback\n', 0],
    ['|| skips the right side after success', 'true || echo no', '', 0],
    ['exit N ends the script with N', 'echo x; exit 7; echo never', 'x\n', 7],
    ['exit status is masked to 8 bits', 'exit 300', '', 44],
    ['the script status is the last command status', 'true; false', '', 1],
    ['exit without an argument uses the last status', 'false; exit', '', 1],
    ['$? is the previous status', 'false; echo $?; true; echo $?', '1\n0\n', 0],
    ['! negates a status', '! false; echo $?', '0\n', 0],
    ['if/elif/else picks the first true branch', 'if false; then echo a; elif true; then echo b; else echo c; fi', 'b\n', 0],
    ['if without a true branch and no else succeeds', 'if false; then echo a; fi', '', 0],
    ['while loops while the condition holds', 'i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done', '0\n1\n2\n', 0],
    ['until loops until the condition holds', 'i=0; until [ $i -ge 2 ]; do i=$((i+1)); done; echo $i', '2\n', 0],
    ['for iterates over words', 'for x in a "b c" d; do echo "[$x]"; done', '[a]\n[b c]\n[d]\n', 0],
    ['{ } groups commands and redirects them together', '{ echo a; echo b; } > /tmp/g; cat /tmp/g', 'a\nb\n', 0],
    ['( ) runs a subshell whose variables and exit stay inside', 'X=1; (X=2; exit 3); echo $? $X', '3 1\n', 0],
    ['| feeds the left output to the right', 'echo hello | cat', 'hello\n', 0],
    ['| chains several stages', 'printf "a\\nb\\nc\\n" | tail -n 2 | head -n 1', 'b\n', 0],
    ['& and wait run a background job', 'echo bg > /tmp/bg & wait; cat /tmp/bg', 'bg\n', 0],
    ['set -e stops at the first failing command', 'set -e; echo a; false; echo b', 'a\n', 1],
    ['set -e ignores failures handled by ||', 'set -e; false || true; echo ok', 'ok\n', 0],
    ['eval runs its arguments as a script', 'eval "echo evaluated"', 'evaluated\n', 0],
    ['exec replaces the shell with the command', 'exec sh -c "exit 5"; echo never', '', 5],
    ['# starts a comment', 'echo a # not printed', 'a\n', 0],
    ['a backslash-newline continues the line', 'echo a \\\nb', 'a b\n', 0],
    ['an EXIT trap runs when the script ends', "trap 'echo bye' EXIT; echo hi", 'hi\nbye\n', 0],
    ['trap without arguments lists the traps', "trap 'echo x' TERM; trap", "trap -- 'echo x' TERM\n", 0],
    ['cd changes the directory of later commands', 'mkdir -p /srv/app && cd /srv/app && pwd && touch f && ls', '/srv/app\nf\n', 0],
    ['shift drops positional parameters', 'set -- a b c; shift; echo "$@" $#', 'b c 2\n', 0],
  ])('%s', async (_name, script, stdout, exitCode) => {
    const r = await sh(script);
    expect(r.stdout).toBe(stdout);
    expect(r.exitCode).toBe(exitCode);
  });

  it('reports an unknown command as "not found" with status 127 and goes on', async () => {
    expect(await sh('nosuch; echo after')).toMatchObject({ stdout: 'after\n', stderr: 'sh: nosuch: not found\n', exitCode: 0 });
    expect(await sh('nosuch')).toMatchObject({ exitCode: 127 });
  });

  it('reports a syntax error with status 2', async () => {
    const r = await sh('if true; then echo x');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^sh: syntax error: unexpected end of file/);
    expect((await sh("echo 'open")).stderr).toMatch(/unterminated quoted string/);
    expect((await sh('case x in esac')).stderr).toMatch(/not supported/);
    expect((await sh('cat <<EOF\nx\nEOF')).stderr).toMatch(/here-documents \(<<\) are not supported/);
    expect((await sh('f() { echo x; }')).stderr).toMatch(/function definitions are not supported/);
  });

  it('exits 2 on an arithmetic error without running the rest', async () => {
    expect(await sh('echo $((1/0)); echo after')).toMatchObject({ stdout: '', stderr: 'sh: divide by zero\n', exitCode: 2 });
  });

  it('rejects an invalid trap signal with status 1', async () => {
    expect(await sh('trap "echo x" BOGUS')).toMatchObject({ exitCode: 1, stderr: 'sh: trap: BOGUS: invalid signal specification\n' });
  });

  it('takes flags before -c: sh -ec stops at a failure', async () => {
    expect(await rt.exec(id, ['sh', '-ec', 'false; echo no'])).toMatchObject({ exitCode: 1, stdout: '' });
  });

  it('runs a script file with sh FILE and positional parameters', async () => {
    await sh('echo \'echo "script $1"; exit 4\' > /tmp/s.sh');
    expect(await rt.exec(id, ['sh', '/tmp/s.sh', 'arg'])).toMatchObject({ stdout: 'script arg\n', exitCode: 4 });
    expect(await rt.exec(id, ['/tmp/s.sh', 'direct'])).toMatchObject({ stdout: 'script direct\n', exitCode: 4 });
  });
});

describe('the fake sh: quoting and expansion', () => {
  it.each<Row>([
    ['single quotes keep text literally', "echo 'a  $GREETING b'", 'a  $GREETING b\n', 0],
    ['double quotes expand variables and keep spaces', 'X="a  b"; echo "$X there"', 'a  b there\n', 0],
    ['a backslash escapes a character', 'echo a\\ \\$b', 'a $b\n', 0],
    ['the container environment is visible', 'echo $GREETING ${GREETING}!', 'hello hello!\n', 0],
    ['${X:-word} substitutes for unset or empty', 'E=; echo ${UNSET:-d1} ${E:-d2} ${GREETING:-d3}', 'd1 d2 hello\n', 0],
    ['${X-word} substitutes only for unset', 'E=; echo "[${E-d}]" "[${U-d}]"', '[] [d]\n', 0],
    ['${X:=word} assigns the default', 'echo ${N:=set}; echo $N', 'set\nset\n', 0],
    ['${X:+word} substitutes for set', 'echo "[${GREETING:+yes}]" "[${U:+yes}]"', '[yes] []\n', 0],
    ['${#X} is the length', 'X=abcd; echo ${#X}', '4\n', 0],
    ['unquoted expansions split into fields', 'X="a b  c"; for w in $X; do echo "[$w]"; done', '[a]\n[b]\n[c]\n', 0],
    ['quoted expansions stay one field', 'X="a b"; for w in "$X"; do echo "[$w]"; done', '[a b]\n', 0],
    ['an empty unquoted expansion disappears, "" stays', 'E=; set -- $E "" x; echo $#', '2\n', 0],
    ['$(...) substitutes output without trailing newlines', 'echo "got $(echo inner; echo)"', 'got inner\n', 0],
    ['backquotes substitute too', 'echo `echo tick`', 'tick\n', 0],
    ['nested substitutions work', 'echo $(echo $(echo deep))', 'deep\n', 0],
    ['$(( )) evaluates arithmetic with variables', 'i=2; echo $((i * 3 + 1)) $(( (1+2) % 2 )) $((-i))', '7 1 -2\n', 0],
    ['$(( )) compares and assigns', 'i=5; echo $((i > 3 && i != 4)) $((i += 2)) $i', '1 7 7\n', 0],
    ['a prefix assignment only affects that command', 'A=local sh -c "echo \\$A"; echo "[$A]"', 'local\n[]\n', 0],
    ['export passes variables to child processes', 'export Y=1; Z=2; sh -c "echo \\$Y[\\$Z]"', '1[]\n', 0],
    ['unset removes a variable', 'X=1; unset X; echo "[$X]"', '[]\n', 0],
    ['$HOSTNAME is the pod hostname', 'echo $HOSTNAME', 'web\n', 0],
  ])('%s', async (_name, script, stdout, exitCode) => {
    const r = await sh(script);
    expect(r.stdout).toBe(stdout);
    expect(r.exitCode).toBe(exitCode);
  });

  it('sets $0, $1 and $# from sh -c arguments, and "$@" keeps each one a field', async () => {
    expect((await sh('echo $0 $1 $#', 'name', 'arg1')).stdout).toBe('name arg1 1\n');
    expect((await sh('for a in "$@"; do echo "[$a]"; done', 'sh', 'a b', 'c')).stdout).toBe('[a b]\n[c]\n');
    expect((await sh('set -- ; for a in "$@"; do echo x; done; echo end')).stdout).toBe('end\n');
  });

  it('fails ${X:?message} for an unset variable', async () => {
    expect(await sh('echo ${MISSING:?is required}; echo after')).toMatchObject({ exitCode: 1, stderr: 'sh: MISSING: is required\n', stdout: '' });
  });
});

describe('the fake sh: redirections', () => {
  it.each<Row>([
    ['> writes and >> appends', 'echo one > /tmp/r; echo two >> /tmp/r; cat /tmp/r', 'one\ntwo\n', 0],
    ['> truncates', 'echo long > /tmp/t; echo s > /tmp/t; cat /tmp/t', 's\n', 0],
    ['< reads a file as stdin', 'echo data > /tmp/in; cat < /tmp/in', 'data\n', 0],
    ['2>&1 sends stderr to stdout', 'ls /nope 2>&1', 'ls: /nope: No such file or directory\n', 1],
    ['>/dev/null discards output', 'echo hidden > /dev/null; echo shown', 'shown\n', 0],
    ['&> redirects both streams', 'ls /nope &> /tmp/both; cat /tmp/both', 'ls: /nope: No such file or directory\n', 0],
    ['redirections apply to loops', 'for i in 1 2; do echo $i; done > /tmp/loop; cat /tmp/loop', '1\n2\n', 0],
  ])('%s', async (_name, script, stdout, exitCode) => {
    const r = await sh(script);
    expect(r.stdout).toBe(stdout);
    expect(r.exitCode).toBe(exitCode);
  });

  it('>&2 writes to stderr', async () => {
    expect(await sh('echo err >&2')).toMatchObject({ stdout: '', stderr: 'err\n' });
  });

  it('fails a redirection into a missing directory with status 1', async () => {
    expect(await sh('echo x > /no/dir/f')).toMatchObject({ exitCode: 1, stderr: "sh: can't create /no/dir/f: nonexistent directory\n" });
  });
});

describe('the fake sh: programs', () => {
  it.each<Row>([
    ['[ = ] compares strings', '[ a = a ] && [ a != b ]', '', 0],
    ['[ -gt ] compares numbers', '[ 3 -gt 2 ] && [ 2 -le 2 ] && [ 1 -ne 2 ]', '', 0],
    ['[ -z ] and [ -n ] test emptiness', '[ -z "" ] && [ -n x ] && ! [ -n "" ]', '', 0],
    ['test -f / -d / -e check files', 'touch /tmp/f; test -f /tmp/f && test -d /tmp && ! test -e /nope', '', 0],
    ['[ ! ] negates, -a and -o combine', '[ ! -f /nope -a 1 -eq 1 ] && [ 1 -eq 2 -o a = a ]', '', 0],
    ['[ without ] is an error', '[ a = a', '', 2],
    ['mkdir -p, touch and ls', 'mkdir -p /a/b/c && touch /a/b/c/f2 /a/b/c/f1 && ls /a/b/c', 'f1\nf2\n', 0],
    ['rm -f ignores missing files', 'rm -f /nope', '', 0],
    ['rm -r removes a tree', 'mkdir -p /d/e && touch /d/e/f && rm -r /d && ls /d', '', 1],
    ['printf formats', 'printf "%s-%d|%x\\n" x 5 255', 'x-5|ff\n', 0],
    ['date prints the clock time like busybox', 'date; date +%Y-%m-%dT%H:%M:%S; date +%s', 'Mon Jan  1 00:00:00 UTC 2024\n2024-01-01T00:00:00\n1704067200\n', 0],
    ['hostname prints the pod hostname', 'hostname; cat /etc/hostname', 'web\nweb\n', 0],
    ['seq counts', 'seq 3; seq 5 -2 1', '1\n2\n3\n5\n3\n1\n', 0],
    ['grep filters lines', 'printf "a1\\nb2\\na3\\n" | grep a; printf "x\\n" | grep -c y', 'a1\na3\n0\n', 1],
    ['head and tail pick lines', 'seq 5 > /tmp/n; head -n 2 /tmp/n; tail -n 1 /tmp/n', '1\n2\n5\n', 0],
    ['env and printenv show the environment', 'printenv GREETING; env | grep -q "^PATH=" && echo has-path', 'hello\nhas-path\n', 0],
    ['env runs a command with extra variables', 'env A=1 sh -c "echo \\$A"', '1\n', 0],
    ['sleep rejects a bad duration', 'sleep soon', '', 1],
  ])('%s', async (_name, script, stdout, exitCode) => {
    const r = await sh(script);
    expect(r.stdout).toBe(stdout);
    expect(r.exitCode).toBe(exitCode);
  });

  it('reports missing files like busybox', async () => {
    expect(await sh('cat /nope')).toMatchObject({ exitCode: 1, stderr: "cat: can't open '/nope': No such file or directory\n" });
    expect(await sh('rm /nope')).toMatchObject({ exitCode: 1, stderr: "rm: can't remove '/nope': No such file or directory\n" });
    expect(await sh('mkdir /tmp')).toMatchObject({ exitCode: 1, stderr: "mkdir: can't create directory '/tmp': File exists\n" });
  });
});
