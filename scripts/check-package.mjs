// Packaging check: `npm pack` holds only dist, README, CHANGELOG, LICENSE (and package.json),
// and the packed tarball can be imported (ESM) and required (CJS) by name from a scratch project.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
for (const must of ['README.md', 'CHANGELOG.md', 'LICENSE', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/testing.js', 'dist/testing.cjs', 'dist/testing-vitest.js', 'dist/docker.js', 'dist/docker.cjs', 'dist/server.js', 'dist/server.cjs', 'dist/server.d.ts', 'dist/cli.js']) {
  if (!files.includes(must)) fail(`missing ${must} in the package`);
}
console.log(`npm pack: ${files.length} files, all under dist/ or README/CHANGELOG/LICENSE/package.json`);

const tarball = join(scratch, packed[0].filename);
writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
// vitest is an optional peer of podkit/testing/vitest; fast-check of podkit/testing's invariant checks.
const vitestVersion = JSON.parse(readFileSync(join(root, 'node_modules/vitest/package.json'), 'utf8')).version;
const fastCheckVersion = JSON.parse(readFileSync(join(root, 'node_modules/fast-check/package.json'), 'utf8')).version;
run('npm', ['install', '--no-audit', '--no-fund', '--silent', tarball, `vitest@${vitestVersion}`, `fast-check@${fastCheckVersion}`], scratch);

writeFileSync(
  join(scratch, 'esm.mjs'),
  `import * as core from 'podkit';
import * as testing from 'podkit/testing';
import * as docker from 'podkit/docker';
import * as server from 'podkit/server';
import * as testingVitest from 'podkit/testing/vitest';
if (typeof core.PodSchema?.parse !== 'function') throw new Error('podkit: PodSchema missing');
if (typeof testing.FakeRuntime !== 'function') throw new Error('podkit/testing: FakeRuntime missing');
if (typeof testingVitest.describeRuntimeConformance !== 'function') throw new Error('podkit/testing/vitest: describeRuntimeConformance missing');
if (typeof server.serveKubeApi !== 'function') throw new Error('podkit/server: serveKubeApi missing');
console.log('ESM ok:', Object.keys(core).length, Object.keys(testing).length, Object.keys(docker).length, Object.keys(testingVitest).length);
`,
);
writeFileSync(
  join(scratch, 'cjs.cjs'),
  `const core = require('podkit');
const testing = require('podkit/testing');
const docker = require('podkit/docker');
const server = require('podkit/server');
if (typeof server.serveKubeApi !== 'function') throw new Error('podkit/server: serveKubeApi missing (CJS)');
// podkit/testing/vitest is ESM only, like vitest itself (vitest refuses require()).
if (typeof core.PodSchema?.parse !== 'function') throw new Error('podkit: PodSchema missing');
if (typeof testing.FakeRuntime !== 'function') throw new Error('podkit/testing: FakeRuntime missing');
console.log('CJS ok:', Object.keys(core).length, Object.keys(testing).length, Object.keys(docker).length);
`,
);
process.stdout.write(run('node', ['esm.mjs'], scratch));
process.stdout.write(run('node', ['cjs.cjs'], scratch));
// The bin: `npx podkit --help` from the installed package.
const help = run('npx', ['--no-install', 'podkit', 'serve', '--help'], scratch);
if (!help.includes('--runtime <runtime>')) fail(`npx podkit serve --help did not document its flags:\n${help}`);
console.log('bin ok: npx podkit serve --help');
console.log('packaging check passed');
