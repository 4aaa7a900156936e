/**
 * How fast a busy Node server takes new connections: `n` connections (default 300) opened at once by another process
 * to a `node:http` server whose event loop is busy (each turn of it does `BENCH_ACCEPT_TURN_MS` of work, default 5,
 * as a server streaming many answers is), on 1 and on 8 listening sockets of one port (`reusePort`). Prints how many
 * connections were accepted per turn and when the last one was: Node takes one connection per listening socket per
 * turn of its loop, however many wait, so a connection opened behind a burst (a browser's resume behind a thousand
 * new chats) waits for the burst's turns. What bench/load/server.ts's `LOAD_LISTENERS` and `serveNode`'s `listeners`
 * are for. `npm run bench -- accept`.
 */
import * as ChildProcess from "node:child_process"
import * as Http from "node:http"
import * as Path from "node:path"

const n = Number(process.env.BENCH_ACCEPT_N ?? 300)
const turnMs = Number(process.env.BENCH_ACCEPT_TURN_MS ?? 5)

/** The client: `n` connections at once, each sending one request; exits when every response has ended. */
const client = `
const Net = require("node:net")
const [port, n] = process.argv.slice(1).map(Number)
let done = 0
for (let index = 0; index < n; index++) {
  const socket = Net.connect(port, "127.0.0.1", () =>
    socket.write("GET / HTTP/1.1\\r\\nHost: bench\\r\\nConnection: close\\r\\n\\r\\n"))
  socket.on("data", () => {})
  socket.on("close", () => { if (++done === n) process.exit(0) })
}
`

/** One round: the turns at which each connection was accepted, and when the last one was (ms after the first). */
const round = async (listeners: number) => {
  let turn = 0
  const accepted: Array<number> = []
  const acceptedAt: Array<number> = []
  const servers: Array<Http.Server> = []
  const listen = (port: number) =>
    new Promise<number>((resolve) => {
      const server = Http.createServer((_, response) => response.end("ok"))
      server.on("connection", () => {
        accepted.push(turn)
        acceptedAt.push(performance.now())
      })
      servers.push(server)
      server.listen({ port, host: "127.0.0.1", backlog: 8192, reusePort: listeners > 1 }, () => {
        const address = server.address()
        resolve(typeof address === "object" && address !== null ? address.port : 0)
      })
    })
  const port = await listen(0)
  for (let index = 1; index < listeners; index++) await listen(port)
  let busy = true
  const work = () => {
    const end = performance.now() + turnMs
    while (performance.now() < end);
    turn++
    if (busy) setImmediate(work)
  }
  setImmediate(work)
  const child = ChildProcess.spawn(process.execPath, ["-e", client, String(port), String(n)], { stdio: "inherit" })
  await new Promise((resolve) => child.on("exit", resolve))
  busy = false
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
  const perTurn = new Map<number, number>()
  for (const at of accepted) perTurn.set(at, (perTurn.get(at) ?? 0) + 1)
  const most = Math.max(...perTurn.values())
  return {
    turns: accepted[accepted.length - 1]! - accepted[0]! + 1,
    most,
    lastMs: acceptedAt[acceptedAt.length - 1]! - acceptedAt[0]!
  }
}

export const run = async () => {
  console.log(
    `${n} connections at once to a server whose every turn works ${turnMs} ms (${
      Path.basename(import.meta.filename)
    })\n`
  )
  console.log("| listening sockets | turns to accept them all | most accepted in one turn | last accepted after |")
  console.log("| ---: | ---: | ---: | ---: |")
  for (const listeners of [1, 8]) {
    const { lastMs, most, turns } = await round(listeners)
    console.log(`| ${listeners} | ${turns} | ${most} | ${lastMs.toFixed(0)} ms |`)
  }
}
