// Packaging check: `npm pack` holds only dist, README, CHANGELOG, LICENSE (and package.json);
// the packed tarball can be imported (ESM) and required (CJS) by name from a scratch project
// with the optional peers installed; and, in a second scratch project with no optional peer at
// all (no vitest, fast-check or dockerode), every entry point that claims to need none loads
// (ESM and CJS), while the ones that need a peer fail naming it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const fail = (msg) => {
  console.error(`packaging check FAILED: ${msg}`);
  process.exit(1);
};

const scratch = mkdtempSync(join(tmpdir(), 'podkit-pack-'));
const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', scratch], root));
const files = packed[0].files.map((f) => f.path);
const allowed = /^(dist\/.+|README\.md|CHANGELOG\.md|LICENSE|package\.json)$/;
const stray = files.filter((f) => !allowed.test(f));
if (stray.length > 0) fail(`unexpected files in the package: ${stray.join(', ')}`);
for (const must of ['README.md', 'CHANGELOG.md', 'LICENSE', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/model.js', 'dist/model.cjs', 'dist/model.d.ts', 'dist/planners.js', 'dist/planners.cjs', 'dist/planners.d.ts', 'dist/testing.js', 'dist/testing.cjs', 'dist/testing-vitest.js', 'dist/testing-fast-check.js', 'dist/testing-fast-check.cjs', 'dist/docker.js', 'dist/docker.cjs', 'dist/server.js', 'dist/server.cjs', 'dist/server.d.ts', 'dist/etcd.js', 'dist/etcd.cjs', 'dist/etcd.d.ts', 'dist/etcd-worker.js', 'dist/etcd-worker.cjs', 'dist/cli.js']) {
  if (!files.includes(must)) fail(`missing ${must} in the package`);
}
console.log(`npm pack: ${files.length} files, all under dist/ or README/CHANGELOG/LICENSE/package.json`);

const tarball = join(scratch, packed[0].filename);
writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
// vitest is an optional peer of podkit/testing/vitest; fast-check of podkit/testing/fast-check.
const vitestVersion = JSON.parse(readFileSync(join(root, 'node_modules/vitest/package.json'), 'utf8')).version;
const fastCheckVersion = JSON.parse(readFileSync(join(root, 'node_modules/fast-check/package.json'), 'utf8')).version;
const etcd3Version = JSON.parse(readFileSync(join(root, 'node_modules/etcd3/package.json'), 'utf8')).version;
run('npm', ['install', '--no-audit', '--no-fund', '--silent', tarball, `vitest@${vitestVersion}`, `fast-check@${fastCheckVersion}`, `etcd3@${etcd3Version}`], scratch);
// podkit/etcd's worker thread is loaded by path from dist/ (etcd-worker.js / .cjs): opening a store
// on a closed port must fail in etcd itself ("etcd: ..."), which proves the worker and etcd3 loaded.
const etcdCheck = (label) => `await etcd.createEtcdStore({ endpoints: 'http://127.0.0.1:9', dialTimeoutMs: 300, requestTimeoutMs: 2000 }).then(
  async (s) => { await s.close(); throw new Error('createEtcdStore on a closed port should reject (${label})'); },
  (e) => { if (!String(e.message).startsWith('etcd')) throw new Error('podkit/etcd worker (${label}): ' + e.message); },
);`;

writeFileSync(
  join(scratch, 'esm.mjs'),
  `import * as core from 'podkit';
import * as model from 'podkit/model';
import * as planners from 'podkit/planners';
import * as testing from 'podkit/testing';
import * as docker from 'podkit/docker';
import * as server from 'podkit/server';
import * as testingVitest from 'podkit/testing/vitest';
import * as testingFastCheck from 'podkit/testing/fast-check';
if (typeof testingFastCheck.checkControllerInvariants !== 'function') throw new Error('podkit/testing/fast-check: checkControllerInvariants missing');
if (typeof core.createCluster !== 'function') throw new Error('podkit: createCluster missing');
if (typeof model.PodSchema?.parse !== 'function') throw new Error('podkit/model: PodSchema missing');
if (typeof planners.matchesSelector !== 'function') throw new Error('podkit/planners: matchesSelector missing');
if ('PodSchema' in core) throw new Error('podkit: PodSchema belongs to podkit/model');
if (typeof testing.FakeRuntime !== 'function') throw new Error('podkit/testing: FakeRuntime missing');
if (typeof testingVitest.describeRuntimeConformance !== 'function') throw new Error('podkit/testing/vitest: describeRuntimeConformance missing');
if (typeof server.serveKubeApi !== 'function') throw new Error('podkit/server: serveKubeApi missing');
const etcd = await import('podkit/etcd');
${etcdCheck('ESM')}
console.log('ESM ok:', Object.keys(core).length, Object.keys(model).length, Object.keys(planners).length, Object.keys(testing).length, Object.keys(docker).length, Object.keys(testingVitest).length);
`,
);
writeFileSync(
  join(scratch, 'cjs.cjs'),
  `const core = require('podkit');
const model = require('podkit/model');
const planners = require('podkit/planners');
const testing = require('podkit/testing');
const docker = require('podkit/docker');
const server = require('podkit/server');
const testingFastCheck = require('podkit/testing/fast-check');
if (typeof testingFastCheck.checkControllerInvariants !== 'function') throw new Error('podkit/testing/fast-check: checkControllerInvariants missing (CJS)');
if (typeof server.serveKubeApi !== 'function') throw new Error('podkit/server: serveKubeApi missing (CJS)');
// podkit/testing/vitest is ESM only, like vitest itself (vitest refuses require()).
if (typeof core.createCluster !== 'function') throw new Error('podkit: createCluster missing (CJS)');
if (typeof model.PodSchema?.parse !== 'function') throw new Error('podkit/model: PodSchema missing (CJS)');
if (typeof planners.matchesSelector !== 'function') throw new Error('podkit/planners: matchesSelector missing (CJS)');
if (typeof testing.FakeRuntime !== 'function') throw new Error('podkit/testing: FakeRuntime missing');
const etcd = require('podkit/etcd');
(async () => {
  ${etcdCheck('CJS')}
  console.log('CJS ok:', Object.keys(core).length, Object.keys(model).length, Object.keys(planners).length, Object.keys(testing).length, Object.keys(docker).length);
})().catch((e) => { console.error(e.message); process.exit(1); });
`,
);
process.stdout.write(run('node', ['esm.mjs'], scratch));
process.stdout.write(run('node', ['cjs.cjs'], scratch));
// The bin: `npx podkit --help` from the installed package.
const help = run('npx', ['--no-install', 'podkit', 'serve', '--help'], scratch);
if (!help.includes('--runtime <runtime>')) fail(`npx podkit serve --help did not document its flags:\n${help}`);
console.log('bin ok: npx podkit serve --help');

// A consumer with no optional peer installed: the README's entry-point table says which entry
// points need none (podkit, podkit/model, podkit/planners, podkit/testing, podkit/server, podkit/docker — which loads dockerode
// only when a runtime is created —, podkit/etcd — etcd3 only in its worker, when a store is opened) and which need one (podkit/testing/vitest: vitest,
// podkit/testing/fast-check: fast-check). Both claims are checked here, in ESM and CJS.
const bare = mkdtempSync(join(tmpdir(), 'podkit-bare-'));
writeFileSync(join(bare, 'package.json'), JSON.stringify({ name: 'bare', private: true, type: 'module' }));
run('npm', ['install', '--no-audit', '--no-fund', '--silent', tarball], bare);
for (const peer of ['vitest', 'fast-check', 'dockerode', 'etcd3']) {
  if (existsSync(join(bare, 'node_modules', peer))) fail(`the peer-less project has ${peer} installed; the check would prove nothing`);
}
const NO_PEER = ['podkit', 'podkit/model', 'podkit/planners', 'podkit/testing', 'podkit/server', 'podkit/docker', 'podkit/etcd'];
const NEEDS = { 'podkit/testing/fast-check': 'fast-check', 'podkit/testing/vitest': 'vitest' };
writeFileSync(
  join(bare, 'esm.mjs'),
  `const names = ${JSON.stringify(NO_PEER)};
for (const name of names) {
  const mod = await import(name);
  if (Object.keys(mod).length === 0) throw new Error(name + ': no exports');
}
const testing = await import('podkit/testing');
// The testing toolkit works without a peer: a fixture, a FakeRuntime on a VirtualClock.
const clock = new testing.VirtualClock();
new testing.FakeRuntime({ clock });
testing.newPod({ name: 'web' });
const docker = await import('podkit/docker');
await docker.createDockerRuntime().then(
  () => { throw new Error('createDockerRuntime() without dockerode should reject'); },
  (e) => { if (!String(e.message).includes('dockerode')) throw new Error('createDockerRuntime() without dockerode: ' + e.message); },
);
// podkit/etcd loads etcd3 only in its worker thread, when a store is opened.
const etcd = await import('podkit/etcd');
await etcd.createEtcdStore({ endpoints: 'http://127.0.0.1:9' }).then(
  () => { throw new Error('createEtcdStore() without etcd3 should reject'); },
  (e) => { if (!String(e.message).includes('etcd3')) throw new Error('createEtcdStore() without etcd3: ' + e.message); },
);
for (const [name, peer] of Object.entries(${JSON.stringify(NEEDS)})) {
  const error = await import(name).then(() => undefined, (e) => e);
  if (error === undefined || !String(error.message).includes(peer)) throw new Error(name + ' without ' + peer + ' should fail naming it, got: ' + (error?.message ?? 'no error'));
}
console.log('ESM without optional peers ok:', names.join(', '));
`,
);
writeFileSync(
  join(bare, 'cjs.cjs'),
  `const names = ${JSON.stringify(NO_PEER)};
for (const name of names) {
  const mod = require(name);
  if (Object.keys(mod).length === 0) throw new Error(name + ': no exports (CJS)');
}
const testing = require('podkit/testing');
new testing.FakeRuntime({ clock: new testing.VirtualClock() });
let error;
try { require('podkit/testing/fast-check'); } catch (e) { error = e; }
if (error === undefined || !String(error.message).includes('fast-check')) throw new Error('podkit/testing/fast-check without fast-check should fail naming it (CJS), got: ' + (error?.message ?? 'no error'));
require('podkit/etcd').createEtcdStore({ endpoints: 'http://127.0.0.1:9' }).then(
  () => { console.error('createEtcdStore() without etcd3 should reject (CJS)'); process.exit(1); },
  (e) => {
    if (!String(e.message).includes('etcd3')) { console.error('createEtcdStore() without etcd3 (CJS): ' + e.message); process.exit(1); }
    console.log('CJS without optional peers ok:', names.join(', '));
  },
);
`,
);
process.stdout.write(run('node', ['esm.mjs'], bare));
process.stdout.write(run('node', ['cjs.cjs'], bare));
console.log('packaging check passed');
