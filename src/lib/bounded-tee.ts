/**
 * One stream read by two consumers side by side (a pull stores a blob and unpacks it as it
 * arrives). `first` is an async iterable that drives the reading; every chunk it hands out is
 * also queued for `second`, a ReadableStream, and `first` waits while more than `limit` bytes
 * are queued, so memory stays bounded whatever the two speeds. A `second` that is cancelled,
 * or released with `release()` (its consumer is done or gave up), no longer holds `first` back.
 * `second` ends only after `first` has read the whole source; when the source fails, `first`
 * is left early, or `abort()` comes first, `second` errors instead of ending, so its consumer
 * never takes a cut-off stream for a whole one.
 */
export interface BoundedTee {
  first: AsyncIterable<Uint8Array>;
  second: ReadableStream<Uint8Array>;
  /** `second` needs nothing more: drop what is queued and stop waiting for it. */
  release(): void;
  /** `first` will not be read on (its consumer is done with it): `second` errors unless it is whole. */
  abort(reason: unknown): void;
  /** Whether `first` read the source to its end. */
  readonly complete: boolean;
}

export function boundedTee(source: AsyncIterable<Uint8Array>, limit = 4 << 20): BoundedTee {
  const upstream = source[Symbol.asyncIterator]();
  const queue: Uint8Array[] = [];
  let queued = 0;
  let ended = false;
  let complete = false;
  let failure: unknown;
  let released = false;
  let wakeReader: (() => void) | undefined;
  let wakeWriter: (() => void) | undefined;
  const wakeUp = (f: (() => void) | undefined) => f?.();
  const end = (err?: unknown) => {
    if (ended) return;
    ended = true;
    if (err === undefined) complete = true;
    else failure = err;
    const f = wakeReader;
    wakeReader = undefined;
    wakeUp(f);
  };
  const release = () => {
    released = true;
    queue.length = 0;
    queued = 0;
    const f = wakeWriter;
    wakeWriter = undefined;
    wakeUp(f);
  };

  const second = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        while (queue.length === 0 && !ended) await new Promise<void>((resolve) => (wakeReader = resolve));
        const chunk = queue.shift();
        if (chunk) {
          queued -= chunk.byteLength;
          if (queued <= limit) {
            const f = wakeWriter;
            wakeWriter = undefined;
            wakeUp(f);
          }
          controller.enqueue(chunk);
        } else if (failure !== undefined) {
          controller.error(failure);
        } else {
          controller.close();
        }
      },
      cancel: release,
    },
    { highWaterMark: 0 },
  );

  const first: AsyncIterableIterator<Uint8Array> = {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<Uint8Array>> {
      if (ended) return { done: true, value: undefined };
      let r: IteratorResult<Uint8Array>;
      try {
        r = await upstream.next();
      } catch (err) {
        end(err ?? new Error("the stream failed"));
        throw err;
      }
      if (r.done) {
        end();
        return r;
      }
      if (!released) {
        queue.push(r.value);
        queued += r.value.byteLength;
        const f = wakeReader;
        wakeReader = undefined;
        wakeUp(f);
        while (queued > limit && !released) await new Promise<void>((resolve) => (wakeWriter = resolve));
      }
      return r;
    },
    async return(): Promise<IteratorResult<Uint8Array>> {
      if (!ended) {
        end(new Error("the stream was not read to its end"));
        await upstream.return?.();
      }
      return { done: true, value: undefined };
    },
  };

  return {
    first,
    second,
    release,
    abort: (reason) => end(reason ?? new Error("aborted")),
    get complete() {
      return complete;
    },
  };
}
