/**
 * The commands clients sent a Redis while `run` ran, by name, from `MONITOR` (on a connection of its own): each a
 * request and its answer, whether or not pipelined with others; the commands a script runs inside Redis (`[0 lua]`)
 * are not counted, nor is `MONITOR`'s own connection.
 */
import * as Net from "node:net"

export const commandsSent = async (url: string, run: () => Promise<unknown>): Promise<Map<string, number>> => {
  const { hostname, port } = new URL(url)
  const socket = Net.connect(Number(port), hostname)
  const counts = new Map<string, number>()
  let pending = ""
  let ready: () => void = () => {}
  const monitoring = new Promise<void>((resolve) => ready = resolve)
  socket.on("data", (data) => {
    pending += data.toString("utf8")
    const lines = pending.split("\r\n")
    pending = lines.pop()!
    for (const line of lines) {
      if (line === "+OK") ready()
      // `+<time> [<db> <client>] "<COMMAND>" ...`
      const match = /^\+[\d.]+ \[\d+ ([^\]]+)\] "([^"]+)"/.exec(line)
      if (match === null || match[1] === "lua") continue
      const name = match[2]!.toUpperCase()
      counts.set(name, (counts.get(name) ?? 0) + 1)
    }
  })
  socket.write("MONITOR\r\n")
  await monitoring
  await run()
  // What the server ran last reaches the monitor after the answers: a moment for it.
  await new Promise((resolve) => setTimeout(resolve, 200))
  socket.destroy()
  return counts
}
