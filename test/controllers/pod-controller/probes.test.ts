import { describe, expect, it } from 'vitest';
import { toPodRow } from 'podkit';
import { pod, setup, sh } from './helpers.js';

const probeExecs = (s: ReturnType<typeof setup>) => s.runtime.calls.filter((c) => c.method === 'exec').map((c) => [(c.time - s.t0) / 1000, (c.args[1] as string[]).join(' ')]);

describe('PodController probes', () => {
  it('toggles READY with the readiness probe, without restarting (§E.3, §E.5, §B.3)', async () => {
    const s = setup();
    s.ctrl.run(pod('web', [sh('app', 'touch /tmp/ready; sleep 3600', { readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 5 } })]));
    await s.until(0.5);
    expect(toPodRow(s.ctrl.get('web')!, s.clock.now()).ready).toBe('1/1');
    await s.until(12);
    expect((await s.ctrl.exec('web', 'app', ['rm', '-f', '/tmp/ready'])).exitCode).toBe(0);
    await s.until(24);
    expect(toPodRow(s.ctrl.get('web')!, s.clock.now()).ready).toBe('1/1');
    await s.until(25);
    const p = s.ctrl.get('web')!;
    expect(toPodRow(p, s.clock.now())).toMatchObject({ ready: '0/1', status: 'Running', restarts: '0' });
    expect(p.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
    const unhealthy = s.events('Unhealthy')[0]!;
    expect([unhealthy.count, unhealthy.message]).toEqual([3, "Readiness probe failed: cat: can't open '/tmp/ready': No such file or directory"]);
    await s.ctrl.exec('web', 'app', ['touch', '/tmp/ready']);
    await s.until(30);
    expect(toPodRow(s.ctrl.get('web')!, s.clock.now()).ready).toBe('1/1');
    expect(s.events('Killing')).toEqual([]);
  });

  it('runs no liveness or readiness probe until the startup probe succeeded (§E.2)', async () => {
    const s = setup();
    const check = { exec: { command: ['test', '-f', '/tmp/started'] } };
    s.ctrl.run(
      pod('slow', [
        sh('app', 'sleep 20; touch /tmp/started; sleep 3600', {
          startupProbe: { ...check, periodSeconds: 5, failureThreshold: 10 },
          livenessProbe: { ...check, periodSeconds: 1, failureThreshold: 1 },
          readinessProbe: { ...check, periodSeconds: 1 },
        }),
      ]),
    );
    await s.until(19);
    expect(s.ctrl.get('slow')!.status?.containerStatuses?.[0]).toMatchObject({ started: false, ready: false });
    expect(probeExecs(s).map((x) => x[0])).toEqual([0, 5, 10, 15]);
    await s.until(30);
    const p = s.ctrl.get('slow')!;
    expect(p.status?.containerStatuses?.[0]).toMatchObject({ started: true, ready: true, restartCount: 0 });
    expect(s.events('Unhealthy').map((e) => [e.count, e.message])).toEqual([[5, 'Startup probe failed: ']]);
    expect(s.events('Killing')).toEqual([]);
  });

  it('kills a container whose startup probe reaches its failure threshold (§E.4)', async () => {
    const s = setup();
    s.ctrl.run(pod('never-up', [sh('app', 'sleep 3600', { startupProbe: { exec: { command: ['false'] }, periodSeconds: 5, failureThreshold: 2 } })], { terminationGracePeriodSeconds: 3 }));
    await s.until(8);
    expect(s.events('Killing').map((e) => [s.secs(e.lastTimestamp), e.message])).toEqual([[5, 'Container app failed startup probe, will be restarted']]);
    expect(s.ctrl.get('never-up')!.status?.containerStatuses?.[0]?.restartCount).toBe(1);
  });

  it('probes httpGet against the pod IP: 2xx/3xx succeed, other codes fail with the status code', async () => {
    const s = setup();
    const serve = 'mkdir -p /www; echo ok > /www/index.html; httpd -f -p 8080 -h /www';
    s.ctrl.run(
      pod('http', [
        sh('app', serve, {
          ports: [{ name: 'http', containerPort: 8080 }],
          readinessProbe: { httpGet: { port: 'http', path: '/index.html' }, periodSeconds: 2 },
          livenessProbe: { httpGet: { port: 8080, path: '/missing' }, periodSeconds: 10, failureThreshold: 100 },
        }),
      ]),
    );
    await s.until(1);
    expect(toPodRow(s.ctrl.get('http')!, s.clock.now()).ready).toBe('1/1');
    expect(s.events('Unhealthy').map((e) => e.message)).toEqual(['Liveness probe failed: HTTP probe failed with statuscode: 404']);
    const req = s.runtime.calls.find((c) => c.method === 'httpGet')!.args[0];
    expect(req).toMatchObject({ port: 8080, scheme: 'HTTP', timeoutMs: 1000 });
  });

  it('probes tcpSocket against the pod IP and reports a refused connection', async () => {
    const s = setup();
    s.ctrl.run(pod('tcp', [sh('app', 'nc -lk -p 9000', { readinessProbe: { tcpSocket: { port: 9000 } } }), sh('other', 'sleep 3600', { readinessProbe: { tcpSocket: { port: 9001 } } })]));
    await s.until(1);
    const p = s.ctrl.get('tcp')!;
    expect(p.status?.containerStatuses?.map((c) => [c.name, c.ready])).toEqual([
      ['app', true],
      ['other', false],
    ]);
    expect(s.events('Unhealthy').map((e) => e.message)).toEqual([`Readiness probe failed: dial tcp ${p.status?.podIP}:9001: connect: connection refused`]);
  });

  it('counts an exec probe that outlives timeoutSeconds as a failure', async () => {
    const s = setup();
    s.ctrl.run(pod('slowprobe', [sh('app', 'sleep 3600', { readinessProbe: { exec: { command: ['sleep', '5'] }, timeoutSeconds: 1 } })]));
    await s.until(2);
    expect(s.events('Unhealthy').map((e) => [s.secs(e.lastTimestamp), e.message])).toEqual([[1, 'Readiness probe failed: command "sleep 5" timed out']]);
  });
});
