// podkit/etcd: a durable podkit store on etcd v3 (needs the optional peer `etcd3`).
export { createEtcdStore } from './etcd/etcd-store.js';
export type { EtcdStore, EtcdStoreOptions, EtcdHealth } from './etcd/etcd-store.js';
