import type Docker from 'dockerode';
import { Observable } from 'rxjs';
import type { RuntimeEvent } from '../runtime/container-runtime.js';
import type { DockerContainerInspect, DockerEventMessage } from './engine-types.js';
import { toContainerStatus, toRuntimeEvent } from './from-docker.js';
import { fromDockerLabels, podkitLabelKeys } from './labels.js';
import { JsonLinesDecoder } from './log-frames.js';

/** What the event stream needs from the runtime. */
export interface EventSourceDeps {
  readonly docker: Docker;
  readonly labelNamespace: string;
  readonly relistIntervalMs: number;
}

interface Seen {
  started: boolean;
  exited: boolean;
  removed: boolean;
}

type Summary = { readonly Id: string; readonly State: string; readonly Labels?: Readonly<Record<string, string>> | null };

/**
 * The runtime's events, from the engine's event stream (`start`, `oom`, `die`, `destroy` of
 * podkit's containers), with a relist every `relistIntervalMs` as a safety net: a container
 * whose change the stream missed (engine restart, dropped connection) is reported from the
 * relist. Each container's start, exit and removal is reported once per subscription. A dropped
 * stream is reopened (from the last event's time) after a second. Cold.
 */
export function dockerEvents(deps: EventSourceDeps): Observable<RuntimeEvent> {
  return new Observable<RuntimeEvent>((subscriber) => {
    const ns = deps.labelNamespace;
    const keys = podkitLabelKeys(ns);
    const seen = new Map<string, Seen>();
    const oom = new Set<string>();
    const sandboxDied = new Set<string>();
    let lastStates: Map<string, Summary> | undefined;
    let closed = false;
    let stream: (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
    let reconnect: ReturnType<typeof setTimeout> | undefined;
    let since = Date.now() / 1000;
    // Events are handled one after the other (a `die` may wait for an inspect).
    let chain: Promise<void> = Promise.resolve();
    const enqueue = (task: () => Promise<void> | void): void => {
      chain = chain.then(task).catch(() => undefined);
    };
    const entry = (id: string): Seen => {
      let s = seen.get(id);
      if (s === undefined) {
        s = { started: false, exited: false, removed: false };
        seen.set(id, s);
      }
      return s;
    };
    const emit = (event: RuntimeEvent): void => {
      if (closed) return;
      if (event.type === 'SandboxDied') {
        if (sandboxDied.has(event.sandboxId)) return;
        sandboxDied.add(event.sandboxId);
        subscriber.next(event);
        return;
      }
      const s = entry(event.containerId);
      if (event.type === 'ContainerStarted') {
        if (s.started) return;
        s.started = true;
      } else if (event.type === 'ContainerExited') {
        if (s.exited) return;
        s.started = true;
        s.exited = true;
      } else {
        if (s.removed) return;
        s.removed = true;
      }
      subscriber.next(event);
    };
    const inspect = async (id: string): Promise<DockerContainerInspect | undefined> => {
      try {
        return (await deps.docker.getContainer(id).inspect()) as unknown as DockerContainerInspect;
      } catch {
        return undefined;
      }
    };

    const onMessage = async (message: DockerEventMessage): Promise<void> => {
      if (message.timeNano !== undefined) since = message.timeNano / 1e9;
      const action = message.Action ?? message.status;
      const id = message.Actor?.ID ?? message.id;
      if (id === undefined) return;
      if (action === 'oom') {
        oom.add(id);
        return;
      }
      if (action !== 'start' && action !== 'die') {
        const event = toRuntimeEvent(message, ns, false);
        if (event !== undefined) emit(event);
        return;
      }
      // The engine's own start / finish times (and OOM flag) are in the inspect; the event's
      // time is when it was published, a little later.
      const info = await inspect(id);
      const event = toRuntimeEvent(message, ns, oom.has(id) || (info?.State.OOMKilled ?? false));
      if (event === undefined) return;
      if (info === undefined || event.type === 'SandboxDied') return emit(event);
      const status = toContainerStatus(info, ns);
      if (event.type === 'ContainerStarted') return emit({ ...event, at: status.startedAt ?? event.at });
      if (event.type === 'ContainerExited') return emit({ ...event, at: status.finishedAt ?? event.at });
      emit(event);
    };

    const relist = async (): Promise<void> => {
      let list: Summary[];
      try {
        list = (await deps.docker.listContainers({ all: true, filters: { label: [`${keys.managed}=true`] } })) as Summary[];
      } catch {
        return;
      }
      const now = new Map(list.map((c) => [c.Id, c]));
      const previous = lastStates;
      lastStates = now;
      if (previous === undefined) return;
      for (const c of list) {
        const identity = fromDockerLabels(c.Labels ?? {}, ns);
        if (identity === undefined) continue;
        const before = previous.get(c.Id)?.State;
        if (identity.role === 'sandbox') {
          if (before === 'running' && c.State !== 'running') emit({ type: 'SandboxDied', sandboxId: c.Id, at: Date.now() });
          continue;
        }
        const s = seen.get(c.Id);
        if (c.State === 'running' && before !== 'running' && !(s?.started ?? false)) {
          const info = await inspect(c.Id);
          const at = info === undefined ? undefined : toContainerStatus(info, ns).startedAt;
          emit({ type: 'ContainerStarted', containerId: c.Id, sandboxId: identity.sandboxId ?? '', at: at ?? Date.now() });
        } else if (c.State === 'exited' && (before === 'running' || (s?.started ?? false)) && !(s?.exited ?? false)) {
          const info = await inspect(c.Id);
          if (info === undefined) continue;
          emit({
            type: 'ContainerExited',
            containerId: c.Id,
            sandboxId: identity.sandboxId ?? '',
            exitCode: info.State.ExitCode,
            oomKilled: info.State.OOMKilled || oom.has(c.Id),
            at: toContainerStatus(info, ns).finishedAt ?? Date.now(),
          });
        }
      }
      for (const [id, c] of previous) {
        if (now.has(id)) continue;
        const identity = fromDockerLabels(c.Labels ?? {}, ns);
        if (identity?.role === 'container') emit({ type: 'ContainerRemoved', containerId: id, sandboxId: identity.sandboxId ?? '', at: Date.now() });
        if (identity?.role === 'sandbox' && c.State === 'running') emit({ type: 'SandboxDied', sandboxId: id, at: Date.now() });
      }
    };

    const open = (): void => {
      if (closed) return;
      const decoder = new JsonLinesDecoder();
      deps.docker
        .getEvents({ since: since.toFixed(9), filters: { type: ['container'], label: [`${keys.managed}=true`] } } as unknown as Docker.GetEventsOptions)
        .then(
          (events) => {
            const s = events as NodeJS.ReadableStream & { destroy?: () => void };
            if (closed) {
              s.destroy?.();
              return;
            }
            stream = s;
            s.on('data', (chunk: Buffer) => {
              for (const value of decoder.push(chunk)) enqueue(() => onMessage(value as DockerEventMessage));
            });
            const dropped = (): void => {
              if (closed || stream !== s) return;
              stream = undefined;
              enqueue(relist);
              reconnect = setTimeout(open, 1000);
            };
            s.on('end', dropped);
            s.on('error', dropped);
          },
          () => {
            reconnect = setTimeout(open, 1000);
          },
        );
    };

    enqueue(relist);
    open();
    const timer = setInterval(() => enqueue(relist), deps.relistIntervalMs);
    return () => {
      closed = true;
      clearInterval(timer);
      if (reconnect !== undefined) clearTimeout(reconnect);
      stream?.destroy?.();
    };
  });
}
