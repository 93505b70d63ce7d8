// Something a test file or describe block starts before its tests and stops after them (a harness,
// a web rig), handed out at the top of the block as a stand-in that reaches the started one. A
// beforeAll written after the call finds it running. I/O: whatever `start` and `stop` do.
import { afterAll, beforeAll } from 'vitest';

/**
 * Starts `start()` in a beforeAll and stops it in an afterAll; the value returned forwards every
 * read and write to the started one (and throws when used before it started).
 */
export function useStarted<T extends { stop(): Promise<void> }>(what: string, start: () => Promise<T>): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    await started?.stop();
  });
  const running = (): T => {
    if (!started) throw new Error(`${what} is started in beforeAll; it is not running yet`);
    return started;
  };
  return new Proxy({} as T, {
    // `then` is asked by every await of a value: the stand-in is no promise, started or not.
    get: (_target, key) => (key === 'then' ? undefined : Reflect.get(running(), key)),
    set: (_target, key, value) => Reflect.set(running(), key, value),
    has: (_target, key) => Reflect.has(running(), key),
  });
}
