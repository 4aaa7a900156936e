/**
 * The bytes a piece of work allocates, by V8's sampling heap profiler (objects a GC took since counted too), as
 * bench/harness.ts measures them: for tests that hold a path to a budget of bytes. A sample every 128 bytes; run
 * the work enough times that the count is steady (a thousand calls and more), after as many to warm it up.
 */
import * as Inspector from "node:inspector/promises"

/** The bytes `work` allocates. */
export const allocatedBytes = async (work: () => Promise<unknown>): Promise<number> => {
  const session = new Inspector.Session()
  session.connect()
  try {
    await session.post("HeapProfiler.enable")
    await session.post("HeapProfiler.startSampling", {
      samplingInterval: 128,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true
    })
    await work()
    const { profile } = await session.post("HeapProfiler.stopSampling")
    const total = (node: Inspector.HeapProfiler.SamplingHeapProfileNode): number =>
      node.children.reduce((sum, child) => sum + total(child), node.selfSize)
    return total(profile.head)
  } finally {
    session.disconnect()
  }
}
