// `kubectl get deployments` text (printDeployment, printers_test.go TestPrintDeployment, §O.10).
import { describe, expect, it } from 'vitest';
import { formatDeploymentTable } from 'podkit';
import { newDeployment } from 'podkit/testing';

const now = Date.UTC(2024, 0, 1, 12, 0, 0);
const d = newDeployment({
  name: 'test1',
  replicas: 5,
  selectorLabels: { foo: 'bar' },
  containers: [{ name: 'fake-container1', image: 'fake-image1' }, { name: 'fake-container2', image: 'fake-image2' }],
  metadata: { creationTimestamp: new Date(now - 10 * 365 * 24 * 3_600_000).toISOString() },
  status: { replicas: 10, updatedReplicas: 2, availableReplicas: 1, unavailableReplicas: 4, readyReplicas: 1 },
});

describe('formatDeploymentTable (TestPrintDeployment, §O.10)', () => {
  it('NAME READY UP-TO-DATE AVAILABLE AGE, READY = ready/replicas', () => {
    expect(formatDeploymentTable([d], now)).toBe('NAME    READY   UP-TO-DATE   AVAILABLE   AGE\ntest1   1/5     2            1           10y');
  });
  it('wide adds CONTAINERS IMAGES SELECTOR', () => {
    expect(formatDeploymentTable([d], now, { wide: true })).toBe(
      'NAME    READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS                        IMAGES                    SELECTOR\n' +
        'test1   1/5     2            1           10y   fake-container1,fake-container2   fake-image1,fake-image2   foo=bar',
    );
  });
  it('a Deployment without status prints zeros', () => {
    expect(formatDeploymentTable([newDeployment({ name: 'web', replicas: 3, metadata: { creationTimestamp: new Date(now - 5_000).toISOString() } })], now)).toBe(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    0/3     0            0           5s',
    );
  });
});
