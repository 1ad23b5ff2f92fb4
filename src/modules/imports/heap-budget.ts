import v8 from "node:v8";
import { runInNewContext } from "node:vm";

type Collect = (options?: { type?: "major" | "minor"; execution?: "sync" | "async" }) => void;
let collect: Collect | null | undefined;

/** V8's full collection, made callable from code once (the documented `--expose-gc` through `setFlagsFromString`); null where it cannot be. */
function collector(): Collect | null {
  if (collect !== undefined) return collect;
  try {
    v8.setFlagsFromString("--expose-gc");
    collect = runInNewContext("gc") as Collect;
  } catch {
    collect = null;
  }
  return collect;
}

/**
 * Keeps a long import's heap near what it really holds. A streamed import keeps little alive (a
 * batch or two) but everything it reads lives long enough, waiting for the database, to be moved
 * to V8's old generation, and V8 lets that fill with garbage up to a few times the live heap
 * before it collects: on the CLI, whose modules alone hold some 80 MB, that is 150 MB more
 * resident memory than the import needs. The returned check, called between batches, asks for
 * a full collection once the heap has grown `slackBytes` past what survived the last one (about
 * one collection per 12 MB of file).
 */
export function heapBudget(slackBytes = 32 * 1024 * 1024): () => void {
  const used = () => v8.getHeapStatistics().used_heap_size;
  let floor = used();
  return () => {
    // An asynchronous collection lowers the heap some time after it is asked for: the lowest use seen since is what survived.
    floor = Math.min(floor, used());
    if (used() < floor + slackBytes) return;
    const gc = collector();
    if (!gc) return;
    // Asynchronous: V8 marks alongside the import instead of stopping it for the whole collection.
    gc({ type: "major", execution: "async" });
    floor = used();
  };
}
