// @kubernetes/client-node's Exec with a stdin stream against serveKubeApi (HTTPS defaults): it
// negotiates v5.channel.k8s.io and sends the close signal when the stream ends (§Z.1).
import * as k8s from '@kubernetes/client-node';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCluster, SystemClock, type Cluster } from 'podkit';
import { serveKubeApi, type KubeApiServer } from 'podkit/server';
import { FakeRuntime } from 'podkit/testing';
import { podManifest, until } from './helpers.js';

let cluster: Cluster;
let api: KubeApiServer;
let exec: k8s.Exec;

beforeAll(async () => {
  const clock = new SystemClock();
  cluster = createCluster({ clock, nodes: [{ name: 'node-1', runtime: new FakeRuntime({ clock }) }] });
  api = await serveKubeApi(cluster);
  const kc = new k8s.KubeConfig();
  kc.loadFromString(api.kubeconfig());
  exec = new k8s.Exec(kc);
  cluster.apply(podManifest('p'));
  await until('p running', () => (cluster.get('Pod', 'p')?.status?.containerStatuses?.[0]?.state?.running !== undefined ? true : undefined), 20_000);
});
afterAll(async () => {
  await api?.close();
  await cluster?.close();
});

/** Runs a command with client-node's Exec; resolves with stdout, stderr and the final Status. */
async function run(command: string[], stdin: Readable | null): Promise<{ stdout: string; stderr: string; status: k8s.V1Status }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const status = await new Promise<k8s.V1Status>((resolve, reject) => {
    exec.exec('default', 'p', 'app', command, stdout, stderr, stdin, false, resolve).catch(reject);
  });
  return { stdout: out, stderr: err, status };
}

it('feeds a stdin stream to the command and ends it at the stream end (client-node Exec, v5 close signal)', async () => {
  expect(await run(['wc', '-l'], Readable.from([Buffer.from('a\n'), Buffer.from('b\nc\n')]))).toMatchObject({ stdout: '3\n', status: { status: 'Success' } });
  const r = await run(['sh', '-c', 'read x; echo "x=$x" >&2; cat; exit 2'], Readable.from([Buffer.from('one\ntwo\n')]));
  expect(r).toMatchObject({ stdout: 'two\n', stderr: 'x=one\n', status: { status: 'Failure', reason: 'NonZeroExitCode' } });
});
