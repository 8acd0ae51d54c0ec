// Which test clusters are open, so matchers can show Events and the current time for a bare Pod.
import type { KubeEvent } from '../model/event.js';

/** What the matchers need from a test cluster. @internal */
export interface MatcherSource {
  readonly clock: { now(): number };
  events(about?: { readonly kind?: string; readonly name?: string; readonly namespace?: string }): KubeEvent[];
}

const open: MatcherSource[] = [];

/** @internal */
export function registerTestCluster(c: MatcherSource): void {
  open.push(c);
}

/** @internal */
export function unregisterTestCluster(c: MatcherSource): void {
  const i = open.indexOf(c);
  if (i >= 0) open.splice(i, 1);
}

/** The most recently created test cluster that is still open. @internal */
export function currentTestCluster(): MatcherSource | undefined {
  return open[open.length - 1];
}
