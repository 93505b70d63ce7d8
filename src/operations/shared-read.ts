// One read shared by everyone who asks for it at about the same time: callers that ask while a
// read runs get that read's answer, and an answer serves the callers of the next `freshMs` too. A
// read that fails is not kept. Pure apart from the clock it is given.

export function shareRead<T>(read: () => Promise<T>, freshMs: number, now: () => number = Date.now): () => Promise<T> {
  let running: Promise<T> | null = null;
  let kept: { value: T; at: number } | null = null;
  return () => {
    if (kept && now() - kept.at < freshMs) return Promise.resolve(kept.value);
    if (!running) {
      const pending = read()
        .then((value) => { kept = { value, at: now() }; return value; })
        .finally(() => { if (running === pending) running = null; });
      running = pending;
    }
    return running;
  };
}
