/**
 * Lookups by key issued in the same turn of the event loop become one query. The job
 * runner starts a batch's handlers side by side, so the confirmation emails of a batch
 * of registrations read their rows with one `where id in (…)` instead of one query each.
 *
 * `load` receives distinct keys (at most `maxKeys` at a time) and returns what it found;
 * a key it did not find resolves to undefined. If `load` fails, every lookup waiting on
 * it fails with the same error.
 */
export function batchLoader<K, V>(
  load: (keys: K[]) => Promise<Map<K, V>>,
  maxKeys = 500,
): (key: K) => Promise<V | undefined> {
  let waiting = new Map<K, { resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[]>();

  const run = async (keys: K[], callers: typeof waiting) => {
    try {
      const found = await load(keys);
      for (const key of keys) for (const c of callers.get(key)!) c.resolve(found.get(key));
    } catch (err) {
      for (const key of keys) for (const c of callers.get(key)!) c.reject(err);
    }
  };

  const flush = () => {
    const callers = waiting;
    waiting = new Map();
    const keys = [...callers.keys()];
    for (let i = 0; i < keys.length; i += maxKeys) void run(keys.slice(i, i + maxKeys), callers);
  };

  return (key) =>
    new Promise((resolve, reject) => {
      if (waiting.size === 0) setImmediate(flush);
      const callers = waiting.get(key);
      if (callers) callers.push({ resolve, reject });
      else waiting.set(key, [{ resolve, reject }]);
    });
}
