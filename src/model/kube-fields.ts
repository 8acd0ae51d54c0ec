// Kubernetes fields that exist upstream but that podkit does not model. A manifest may use them:
// they are kept as written (see withUnmodelled in schema-helpers.ts) with a "not modelled"
// warning instead of an "unknown field" one.
export { UNMODELLED_FIELDS } from './schema-helpers.js';

/** Every volume source Kubernetes knows (`v1.VolumeSource`). */
export const VOLUME_SOURCE_FIELDS: readonly string[] = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc',
  'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected',
  'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];
