/**
 * A Web `Response` written to a `node:http` `ServerResponse`, as a server on `node:http` without a framework
 * writes one (until `UIMessageStream.toNodeResponse` lands, the benchmark's own): status and headers, then the
 * body piece by piece, waiting for `drain` when the socket's buffer is full (backpressure: a slow client does
 * not make the server hold the stream), the body cancelled when the client goes away.
 */
import type * as Http from "node:http"

export const writeResponse = async (answer: Response, response: Http.ServerResponse): Promise<void> => {
  const headers: Record<string, string> = {}
  answer.headers.forEach((value, name) => headers[name] = value)
  response.writeHead(answer.status, headers)
  if (answer.body === null) {
    response.end()
    return
  }
  const reader = answer.body.getReader()
  let gone = false
  response.on("close", () => {
    if (response.writableFinished) return
    gone = true
    reader.cancel().catch(() => {})
  })
  try {
    while (!gone) {
      const { done, value } = await reader.read()
      if (done) break
      if (!response.write(value) && !gone) {
        await new Promise<void>((resolve) => {
          const resume = () => {
            response.off("drain", resume)
            response.off("close", resume)
            resolve()
          }
          response.on("drain", resume)
          response.on("close", resume)
        })
      }
    }
    if (!gone) response.end()
  } catch {
    response.destroy()
  }
}
