// The kubeconfig a client needs to reach a podkit API server: cluster, user and context `podkit`.
import { stringify } from 'yaml';

/** What goes into a kubeconfig. */
export interface KubeconfigInput {
  readonly url: string;
  readonly token: string;
  /** PEM of the CA that signed the serving certificate (HTTPS); absent for plain HTTP. */
  readonly caPem?: string | undefined;
  /** The context's default namespace. Default `default`. */
  readonly namespace?: string;
}

/** The context, cluster and user name in kubeconfigs podkit writes. */
export const KUBECONFIG_CONTEXT = 'podkit';

/** kubeconfig YAML text (context `podkit`, bearer token, CA data when HTTPS). Pure. */
export function kubeconfigText(input: KubeconfigInput): string {
  const cluster: Record<string, string> = { server: input.url };
  if (input.caPem !== undefined) cluster['certificate-authority-data'] = Buffer.from(input.caPem).toString('base64');
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: KUBECONFIG_CONTEXT, cluster }],
    users: [{ name: KUBECONFIG_CONTEXT, user: { token: input.token } }],
    contexts: [{ name: KUBECONFIG_CONTEXT, context: { cluster: KUBECONFIG_CONTEXT, user: KUBECONFIG_CONTEXT, namespace: input.namespace ?? 'default' } }],
    'current-context': KUBECONFIG_CONTEXT,
    preferences: {},
  });
}
