#!/usr/bin/env node
// The `podkit` command (package.json `bin`): `podkit serve ...`. Flags are parsed with commander.
import { Command, InvalidArgumentError, Option } from 'commander';
import { runServe } from './serve-command.js';
import { parseDuration } from '../clock/duration.js';

const int = (name: string) => (value: string): number => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a non-negative integer.`);
  return Number(value);
};

const duration = (name: string) => (value: string): number => {
  try {
    return parseDuration(value, name);
  } catch (e) {
    throw new InvalidArgumentError(e instanceof Error ? e.message : String(e));
  }
};

const program = new Command();
program.name('podkit').description('Kubernetes pod and controller primitives: run a podkit cluster that kubectl and client-node can talk to.').showHelpAfterError();

program
  .command('serve')
  .description('Start a podkit cluster and serve its Kubernetes API (HTTPS, bearer token, kubeconfig context "podkit") until SIGINT or SIGTERM.')
  .addOption(new Option('--runtime <runtime>', 'container runtime of the nodes: fake (in memory, no Docker needed) or docker (the local engine)').choices(['fake', 'docker']).default('fake'))
  .option('--nodes <n>', 'number of nodes (node-1, node-2, ...)', int('--nodes'), 1)
  .option('--host <address>', 'address to listen on (only this machine by default)', '127.0.0.1')
  .option('--port <port>', 'port to listen on (0 picks a free one)', int('--port'), 6443)
  .option('--kubeconfig <path>', 'where to write the kubeconfig', './podkit.kubeconfig')
  .option('-f, --filename <manifest...>', 'manifest files (YAML or JSON, multi-document) to apply at start', [])
  .option('--node-name-prefix <prefix>', 'nodes are <prefix>-1, <prefix>-2, ... (two clusters sharing a Docker engine need different prefixes)', 'node')
  .option('--sandbox-image <image>', 'docker runtime: the pod sandbox image (scripts/docker-setup.sh builds podkit-busybox:1.36)', 'podkit-busybox:1.36')
  .option('--store <url>', 'where objects live: memory (this process only) or etcd://host:port[,host:port...] (etcd v3; they survive restarts)', 'memory')
  .option('--etcd-prefix <prefix>', 'etcd store: the key prefix', '/registry')
  .addOption(new Option('--leader-elect <bool>', 'run the controllers and nodes only while holding the Lease kube-system/podkit-controller-manager (default: true with an etcd store, false in memory)').choices(['true', 'false']))
  .option('--leader-elect-lease-duration <duration>', 'leader election: how long a standby waits for an unrenewed lease', duration('--leader-elect-lease-duration'), 15_000)
  .option('--leader-elect-renew-deadline <duration>', 'leader election: how long the leader retries renewing before it gives up', duration('--leader-elect-renew-deadline'), 10_000)
  .option('--leader-elect-retry-period <duration>', 'leader election: the time between tries', duration('--leader-elect-retry-period'), 2_000)
  .option('--insecure-http', 'serve plain HTTP instead of HTTPS (kubectl then sends no token: only for clients that do, on a trusted host)', false)
  .action(async (opts: { runtime: 'fake' | 'docker'; nodes: number; host: string; port: number; kubeconfig: string; filename: string[]; sandboxImage: string; insecureHttp: boolean; nodeNamePrefix: string; store: string; etcdPrefix: string; leaderElect?: 'true' | 'false'; leaderElectLeaseDuration: number; leaderElectRenewDeadline: number; leaderElectRetryPeriod: number }) => {
    const handle = await runServe(
      { runtime: opts.runtime, nodes: opts.nodes, host: opts.host, port: opts.port, kubeconfig: opts.kubeconfig, file: opts.filename, sandboxImage: opts.sandboxImage, insecureHttp: opts.insecureHttp, nodeNamePrefix: opts.nodeNamePrefix, store: opts.store, etcdPrefix: opts.etcdPrefix,
        ...(opts.leaderElect === undefined ? {} : { leaderElect: opts.leaderElect === 'true' }),
        leaderElectLeaseDurationMs: opts.leaderElectLeaseDuration, leaderElectRenewDeadlineMs: opts.leaderElectRenewDeadline, leaderElectRetryPeriodMs: opts.leaderElectRetryPeriod,
        onLeadershipLost: () => {
          // As kube-controller-manager: a process that lost its lease exits rather than act on.
          process.stderr.write('podkit: leaderelection lost\n');
          process.exit(1);
        } },
      (line) => process.stdout.write(`${line}\n`),
    );
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`${signal}: stopping\n`);
      handle.stop().then(
        () => process.exit(0),
        (e: unknown) => {
          process.stderr.write(`podkit: error while stopping: ${e instanceof Error ? e.message : String(e)}\n`);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`podkit: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
