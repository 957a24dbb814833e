// Full garbage collections on demand, for threads that turn out many short-lived objects
// that still outlive V8's young generation (a file's candidates, a batch of findings).
// V8 lets such garbage pile up towards its heap limit (GBs) before collecting it: a
// million findings reached 2.6 GB of RSS for ~250 MB of live data. Collecting each time
// the heap has grown by some MB (16 in a scan) keeps the peak near the live size, for a
// few ms to some tens of ms each (the live heap is small: findings are kept outside it).
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let gc: (() => void) | undefined;

export function collectGarbage(): void {
  // Only once a scan gets this far: a flag changed at start-up would make V8 reject the
  // hook's code cache on every run.
  if (!gc) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
}

/**
 * A check to call often: collects once the heap has grown by `growth` bytes since the
 * last collection (looked at every `every` calls). Growth, not a count of objects: what
 * one finding leaves behind differs between sources and threads.
 */
export function collectOnGrowth(growth: number, every = 1): () => void {
  let calls = 0;
  let floor = 0;
  return () => {
    if (++calls < every) return;
    calls = 0;
    if (getHeapStatistics().used_heap_size - floor < growth) return;
    collectGarbage();
    floor = getHeapStatistics().used_heap_size;
  };
}
