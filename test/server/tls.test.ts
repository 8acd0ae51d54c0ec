// Transport security of serveKubeApi: HTTPS by default with a generated CA (SANs for the host,
// localhost, 127.0.0.1 and ::1), the CA and token in the kubeconfig, a given certificate, and
// plain HTTP only when asked for with `tls: false`.
import { request } from 'node:https';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { createCluster, SystemClock } from 'podkit';
import { serveKubeApi, type KubeApiServer } from 'podkit/server';
import { generateServingCertificate } from '../../src/server/tls.js';
import { call } from './helpers.js';

const cluster = createCluster({ clock: new SystemClock() });
const servers: KubeApiServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
  await cluster.close();
});
const serve = async (options: Parameters<typeof serveKubeApi>[1] = {}) => {
  const s = await serveKubeApi(cluster, options);
  servers.push(s);
  return s;
};

function handshake(url: string, ca: string | undefined): Promise<string> {
  return new Promise((resolve) => {
    const req = request(url + '/version', { ...(ca === undefined ? {} : { ca }) }, (res) => {
      res.resume();
      resolve(`ok ${res.statusCode}`);
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.end();
  });
}

describe('serveKubeApi transport security', () => {
  it('serves HTTPS on 127.0.0.1 by default with a certificate from the CA in its kubeconfig, for the bound IP and localhost', async () => {
    const s = await serve();
    expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(s.token).toMatch(/^[0-9a-f]{64}$/);
    expect(await handshake(s.url, s.caPem)).toBe('ok 200');
    expect(await handshake(s.url, undefined)).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/);
    expect(await handshake(s.url.replace('127.0.0.1', 'localhost'), s.caPem)).toBe('ok 200');
    const config = parse(s.kubeconfig()) as { clusters: { cluster: Record<string, string> }[]; users: { user: { token: string } }[]; 'current-context': string };
    expect(Buffer.from(config.clusters[0]!.cluster['certificate-authority-data']!, 'base64').toString()).toBe(s.caPem);
    expect(config.users[0]!.user.token).toBe(s.token);
    expect(config['current-context']).toBe('podkit');
    expect((await call(s, 'GET', '/api/v1/nodes')).status).toBe(200);
    expect((await call(s, 'GET', '/api/v1/nodes', { token: 'nope' })).status).toBe(401);
  });

  it('generates a CA and a server certificate with the right SANs and usages', async () => {
    const { caPem, certPem } = await generateServingCertificate(['10.1.2.3', 'podkit.test']);
    const ca = new X509Certificate(caPem);
    const cert = new X509Certificate(certPem);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.subjectAltName).toContain('DNS:localhost');
    expect(cert.subjectAltName).toContain('DNS:podkit.test');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.subjectAltName).toContain('IP Address:10.1.2.3');
    expect(cert.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
  });

  it('uses a given token and certificate, and writes the kubeconfig with mode 0600', async () => {
    const given = await generateServingCertificate(['127.0.0.1']);
    const s = await serve({ token: 'my-token', tls: { cert: given.certPem, key: given.keyPem, ca: given.caPem } });
    expect(s.token).toBe('my-token');
    expect(await handshake(s.url, given.caPem)).toBe('ok 200');
    const path = join(mkdtempSync(join(tmpdir(), 'podkit-kc-')), 'kubeconfig');
    await s.writeKubeconfig(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe(s.kubeconfig());
  });

  it('serves plain HTTP only with tls: false, still requiring the token', async () => {
    const s = await serve({ tls: false });
    expect(s.url).toMatch(/^http:\/\//);
    expect(s.caPem).toBeUndefined();
    expect(s.kubeconfig()).not.toContain('certificate-authority-data');
    expect((await call(s, 'GET', '/api/v1/pods', { token: null })).status).toBe(401);
  });

  it('rejects a bad port or an empty token', async () => {
    await expect(serveKubeApi(cluster, { port: 70000 })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(serveKubeApi(cluster, { token: '' })).rejects.toMatchObject({ code: 'invalid_argument' });
  });
});
