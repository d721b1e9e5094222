import { describe, expect, it } from 'vitest';
import { createCoalescingBatcher } from './coalescing-batcher.ts';

/** A run function that records its batches and finishes each only when told to. */
function controlledRun<T>() {
  const batches: T[][] = [];
  const finishers: ((error?: Error) => void)[] = [];
  const run = (items: T[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push(items);
      finishers.push((error) => (error ? reject(error) : resolve()));
    });
  /** Finishes the oldest unfinished batch, then lets the batcher start the next one. */
  const finishNext = async (error?: Error) => {
    finishers.shift()!(error);
    await settle();
  };
  return { run, batches, finishNext };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Whether `promise` has settled yet, and how. */
function track(promise: Promise<void>) {
  const state: { status: 'pending' | 'resolved' | 'rejected'; error?: unknown } = { status: 'pending' };
  promise.then(
    () => (state.status = 'resolved'),
    (error: unknown) => Object.assign(state, { status: 'rejected', error }),
  );
  return state;
}

describe('createCoalescingBatcher', () => {
  it('runs a lone item in a batch of its own once the current turn of the event loop is done', async () => {
    const { run, batches, finishNext } = controlledRun<number>();
    const batcher = createCoalescingBatcher({ run });
    const first = track(batcher.add(1));
    expect(batches).toEqual([]);
    await settle();
    expect(batches).toEqual([[1]]);
    expect(first.status).toBe('pending');
    await finishNext();
    expect(first.status).toBe('resolved');
  });

  it('runs the items added in the same turn together', async () => {
    const { run, batches, finishNext } = controlledRun<number>();
    const batcher = createCoalescingBatcher({ run });
    const added = [1, 2, 3].map((n) => track(batcher.add(n)));
    await settle();
    expect(batches).toEqual([[1, 2, 3]]);
    await finishNext();
    expect(added.map((a) => a.status)).toEqual(['resolved', 'resolved', 'resolved']);
  });

  it('queues items that arrive while a batch runs and runs them together next, in order', async () => {
    const { run, batches, finishNext } = controlledRun<number>();
    const batcher = createCoalescingBatcher({ run });
    const first = track(batcher.add(1));
    await settle();
    const added = [first, ...[2, 3, 4].map((n) => track(batcher.add(n)))];
    expect(batches).toEqual([[1]]);
    await finishNext();
    expect(added.map((a) => a.status)).toEqual(['resolved', 'pending', 'pending', 'pending']);
    expect(batches).toEqual([[1], [2, 3, 4]]);
    const late = track(batcher.add(5));
    await finishNext();
    expect(added.map((a) => a.status)).toEqual(['resolved', 'resolved', 'resolved', 'resolved']);
    expect(late.status).toBe('pending');
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
    await finishNext();
    expect(late.status).toBe('resolved');
  });

  it('starts afresh once idle', async () => {
    const { run, batches, finishNext } = controlledRun<string>();
    const batcher = createCoalescingBatcher({ run });
    const first = batcher.add('a');
    await settle();
    await finishNext();
    await first;
    const second = track(batcher.add('b'));
    await settle();
    expect(batches).toEqual([['a'], ['b']]);
    await finishNext();
    expect(second.status).toBe('resolved');
  });

  it('caps a batch at maxBatchSize', async () => {
    const { run, batches, finishNext } = controlledRun<number>();
    const batcher = createCoalescingBatcher({ run, maxBatchSize: 2 });
    const added = [1, 2, 3, 4, 5].map((n) => track(batcher.add(n)));
    await settle();
    await finishNext();
    await finishNext();
    await finishNext();
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
    expect(added.every((a) => a.status === 'resolved')).toBe(true);
  });

  it('runs the items of a failed batch one by one; each caller sees only its own error', async () => {
    const batches: number[][] = [];
    const done: number[] = [];
    const batcher = createCoalescingBatcher<number>({
      async run(items) {
        batches.push(items);
        await settle();
        if (items.includes(13)) throw new Error(`poison in ${items.join(',')}`);
        done.push(...items);
      },
    });
    const first = batcher.add(10);
    await settle();
    const results = await Promise.allSettled([first, ...[11, 12, 13, 14].map((n) => batcher.add(n))]);
    expect(batches).toEqual([[10], [11, 12, 13, 14], [11], [12], [13], [14]]);
    expect(done).toEqual([10, 11, 12, 14]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[3] as PromiseRejectedResult).reason).toEqual(new Error('poison in 13'));
  });

  it('rejects a lone failing item without running it twice, and keeps serving later items', async () => {
    let calls = 0;
    const batcher = createCoalescingBatcher<number>({
      async run(items) {
        calls++;
        if (items[0] === 1) throw new Error('no');
      },
    });
    await expect(batcher.add(1)).rejects.toThrow('no');
    expect(calls).toBe(1);
    await expect(batcher.add(2)).resolves.toBeUndefined();
  });

  it('treats a run function that throws synchronously like one that rejects', async () => {
    const batcher = createCoalescingBatcher<number>({
      run: (() => {
        throw new Error('sync');
      }) as never,
    });
    await expect(batcher.add(1)).rejects.toThrow('sync');
  });

  it('counts pending items and says when none is left, failed ones included', async () => {
    const { run, finishNext } = controlledRun<number>();
    const batcher = createCoalescingBatcher({ run, maxBatchSize: 2 });
    await batcher.idle();
    expect(batcher.pending).toBe(0);
    const added = [1, 2, 3].map((n) => batcher.add(n).catch(() => 'failed'));
    const idle = track(batcher.idle());
    expect(batcher.pending).toBe(3);
    await settle();
    // The first batch runs (two items), one waits.
    expect(batcher.pending).toBe(3);
    await finishNext();
    expect(batcher.pending).toBe(1);
    expect(idle.status).toBe('pending');
    await finishNext(new Error('no'));
    await Promise.all(added);
    expect(batcher.pending).toBe(0);
    await settle();
    expect(idle.status).toBe('resolved');
  });

  it('refuses a batch size below one', () => {
    expect(() => createCoalescingBatcher({ run: async () => {}, maxBatchSize: 0 })).toThrow(RangeError);
  });
});
