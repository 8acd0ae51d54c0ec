// Mapping of engine errors to RuntimeError codes: no engine needed.
// Internal module (not part of podkit/docker's API), imported by path.
import { describe, expect, it } from 'vitest';
import { RuntimeError } from 'podkit';
import { createDockerRuntime } from 'podkit/docker';
import { engineMessage, toRuntimeError } from '../../src/docker/docker-errors.js';

const engineError = (statusCode: number, message: string): Error =>
  Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), { statusCode, json: { message } });

describe('toRuntimeError', () => {
  it.each([
    [404, 'not_found'],
    [409, 'conflict'],
    [400, 'invalid_argument'],
    [500, 'create_failed'],
  ])('maps HTTP %i to %s, keeping the engine message and the cause', (status, code) => {
    const cause = engineError(status, 'engine says no');
    const e = toRuntimeError(cause, 'create of container "app" failed', 'create_failed');
    expect(e).toBeInstanceOf(RuntimeError);
    expect(e.code).toBe(code);
    expect(e.message).toBe('create of container "app" failed: engine says no');
    expect(e.cause).toBe(cause);
    expect(e.details).toMatchObject({ status });
  });

  it('maps a refused connection to a retryable unavailable with a hint', () => {
    const e = toRuntimeError(Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), { code: 'ECONNREFUSED' }), 'ping failed');
    expect(e.code).toBe('unavailable');
    expect(e.retryable).toBe(true);
    expect(e.message).toMatch(/Is dockerd running/);
  });

  it('passes a RuntimeError through', () => {
    const original = new RuntimeError('image_never_pull', 'x');
    expect(toRuntimeError(original, 'whatever')).toBe(original);
  });

  it('strips the client prefix from a message without JSON', () => {
    expect(engineMessage(new Error('(HTTP code 500) server error - Get "https://registry/v2/": no such host'))).toBe('Get "https://registry/v2/": no such host');
  });
});

describe('createDockerRuntime options', () => {
  it.each([
    [{ namePrefix: 'bad prefix' }, /options\.namePrefix/],
    [{ labelNamespace: 'a=b' }, /options\.labelNamespace/],
    [{ pullTimeoutMs: 0 }, /options\.pullTimeoutMs/],
  ])('rejects %o with invalid_argument naming the option', async (options, message) => {
    await expect(createDockerRuntime(options)).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringMatching(message) });
  });

  it('connects lazily: an unreachable engine fails ping() with unavailable, not creation', async () => {
    const runtime = await createDockerRuntime({ socketPath: '/nonexistent/docker.sock', pingTimeoutMs: 500 });
    await expect(runtime.ping()).rejects.toMatchObject({ code: 'unavailable' });
    await runtime.close();
    await expect(runtime.ping()).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/closed/) });
  });
});
