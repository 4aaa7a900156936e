/**
 * Summarises a V8 sampling heap profile taken with every allocation kept (collected ones included, as
 * bench/load/server.ts takes it): bytes allocated in all, per delivered delta, and by allocating function
 * (self size, the top 25).
 */
import { markdownTable } from "../harness.js"

interface Node {
  readonly callFrame: {
    readonly functionName: string
    readonly url: string
    readonly lineNumber: number
  }
  readonly selfSize: number
  readonly children: ReadonlyArray<Node>
}

const shortUrl = (url: string): string => {
  const modules = url.lastIndexOf("node_modules/")
  if (modules !== -1) return url.slice(modules + "node_modules/".length)
  const dist = url.lastIndexOf("/dist/")
  if (dist !== -1) return url.slice(dist + 1)
  return url.replace(/^file:\/\/.*\/bench\//, "bench/")
}

export const summarise = (profile: { readonly head: Node }, deltas: number): string => {
  const bySite = new Map<string, number>()
  let total = 0
  const walk = (node: Node) => {
    if (node.selfSize > 0) {
      const { functionName, lineNumber, url } = node.callFrame
      const key = `${functionName || "(anonymous)"} ${url === "" ? "(native)" : `${shortUrl(url)}:${lineNumber + 1}`}`
      bySite.set(key, (bySite.get(key) ?? 0) + node.selfSize)
      total += node.selfSize
    }
    for (const child of node.children) walk(child)
  }
  walk(profile.head)
  const rows = [...bySite.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([site, bytes]) => [
    site.replaceAll("|", "\\|"),
    `${(bytes / 2 ** 20).toFixed(1)} MB`,
    `${(bytes / total * 100).toFixed(1)}%`,
    `${(bytes / deltas).toFixed(0)} B`
  ])
  return [
    `${(total / 2 ** 20).toFixed(0)} MB allocated (sampled estimate), ${
      (total / deltas).toFixed(0)
    } B per delivered delta (${deltas.toLocaleString("en")} deltas)`,
    "",
    markdownTable(["allocating function", "bytes", "share", "per delta"], rows)
  ].join("\n")
}
