/**
 * Runs a browser bundle (an IIFE that reads `globalThis.consumerBaseUrls` and calls `globalThis.report`
 * once) and returns what it reported: in a `node:vm` context with the web globals only, or in a real
 * Chromium driven over the DevTools protocol (Node's own `WebSocket`, no driver package), when one is
 * installed.
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Vm from "node:vm"

/** Runs `code` with what a browser has; no process, Buffer, require or node: modules. */
export const inVm = (code: string, consumerBaseUrls: Readonly<Record<string, string>>): Promise<any> =>
  new Promise((report) => {
    const context = Vm.createContext({
      consumerBaseUrls,
      report,
      console,
      fetch,
      Headers,
      Request,
      Response,
      URL,
      URLSearchParams,
      AbortController,
      AbortSignal,
      ReadableStream,
      WritableStream,
      TransformStream,
      TextEncoder,
      TextDecoder,
      TextDecoderStream,
      DecompressionStream,
      Event,
      EventTarget,
      DOMException,
      crypto,
      performance,
      queueMicrotask,
      structuredClone,
      setTimeout,
      clearTimeout,
      setInterval,
      clearInterval,
      atob,
      btoa
    })
    Vm.runInContext(code, context)
  })

/** Where Chromium is: `CHROMIUM_PATH`, or Debian's and others' usual places; `undefined` without one. */
export const chromium: string | undefined = [
  process.env["CHROMIUM_PATH"],
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome"
].find((path) => path !== undefined && path !== "" && Fs.existsSync(path))

/** An HTML page that runs `code` with `consumerBaseUrls` set, and exposes what it reports as `window.done`. */
export const page = (code: string, consumerBaseUrls: Readonly<Record<string, string>>): string =>
  `<!doctype html><meta charset="utf-8"><script>
globalThis.consumerBaseUrls = ${JSON.stringify(consumerBaseUrls)};
globalThis.done = new Promise((resolve) => { globalThis.report = resolve });
</script><script>${code.replaceAll("</script", "<\\/script")}</script>`

/**
 * Opens `url` in a headless Chromium and returns the value of `window.done` (a promise), within
 * `timeoutMs`; the browser is closed either way.
 */
export const inChromium = async (executable: string, url: string, timeoutMs = 30_000): Promise<any> => {
  const browser = ChildProcess.spawn(executable, [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--remote-debugging-port=0",
    "about:blank"
  ])
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let output = ""
      const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${output}`)), timeoutMs)
      browser.stderr.on("data", (data) => {
        output += data
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(output)
        if (match !== null) {
          clearTimeout(timer)
          resolve(match[1]!)
        }
      })
      browser.on("exit", (code) => reject(new Error(`Chromium exited (${code}):\n${output}`)))
    })
    const socket = new WebSocket(endpoint)
    await new Promise((resolve, reject) => {
      socket.onopen = resolve
      socket.onerror = reject
    })
    let nextId = 1
    const pending = new Map<number, (message: any) => void>()
    socket.onmessage = (event) => {
      const message = JSON.parse(String(event.data))
      pending.get(message.id)?.(message)
    }
    const send = (method: string, params: object, sessionId?: string) =>
      new Promise<any>((resolve, reject) => {
        const id = nextId++
        pending.set(id, (message) =>
          message.error ? reject(new Error(JSON.stringify(message.error))) : resolve(message.result))
        socket.send(JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) }))
      })
    const { targetId } = await send("Target.createTarget", { url })
    const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true })
    const evaluate = (expression: string) =>
      send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true }, sessionId)
    // The page may still be loading: wait for `done` to exist, then for it to settle.
    const deadline = Date.now() + timeoutMs
    while ((await evaluate("typeof globalThis.done")).result.value !== "object") {
      if (Date.now() > deadline) throw new Error("the page never set up `done`")
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const result = await Promise.race([
      evaluate("globalThis.done"),
      new Promise((_, reject) => setTimeout(() => reject(new Error("the page did not report in time")), timeoutMs))
    ]) as any
    socket.close()
    return result.result.value
  } finally {
    browser.kill("SIGKILL")
  }
}
