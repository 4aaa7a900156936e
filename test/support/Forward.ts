/**
 * A test's HTTP front passing a request on to the server behind it: the same method, headers and body, to `path`
 * (the request's own without), its answer given back with `headers` changed.
 */
import * as Http from "node:http"

/** Passes `request` on to `target` (`http://host:port`) and answers `response` with what it answers. */
export const forward = (
  target: string,
  request: Http.IncomingMessage,
  response: Http.ServerResponse,
  options?: { readonly path?: string | undefined; readonly headers?: Readonly<Record<string, string>> | undefined }
): void => {
  const onward = Http.request(`${target}${options?.path ?? request.url}`, {
    method: request.method,
    headers: request.headers
  }, (answer) => {
    response.writeHead(answer.statusCode!, { ...answer.headers, ...options?.headers })
    answer.pipe(response)
  })
  onward.on("error", () => response.destroy())
  request.pipe(onward)
}
