/**
 * The AWS event-stream message format (`application/vnd.amazon.eventstream`), read and written: a prelude
 * (total length, headers length, CRC32 of both), typed headers, a payload and a CRC32 of the whole message.
 * Checked against the smithy codec's test vectors and, in tests, against `@smithy/core/event-streams`
 * itself; written here so that Bedrock costs no dependency tree.
 *
 * @internal
 */

/** A header value, with the type name smithy's codec gives it. */
export type HeaderValue =
  | { readonly type: "boolean"; readonly value: boolean }
  | { readonly type: "byte" | "short" | "integer"; readonly value: number }
  | { readonly type: "long"; readonly value: bigint }
  | { readonly type: "binary"; readonly value: Uint8Array }
  | { readonly type: "string" | "uuid"; readonly value: string }
  | { readonly type: "timestamp"; readonly value: Date }

/** A message: its headers (name → value) and its payload bytes. */
export interface Message {
  readonly headers: Readonly<Record<string, HeaderValue>>
  readonly body: Uint8Array
}

/** Bytes of the prelude (two lengths and a CRC) and of the message CRC. */
export const overhead = 16

const crcTable = /* @__PURE__ */ (() => {
  const table = new Int32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c
  }
  return table
})()

/**
 * Node's own CRC-32 (`zlib.crc32`, Node 22.2+), taken at run time so that no bundle for a browser or an
 * edge runtime imports `node:zlib`; elsewhere the table below.
 */
const nativeCrc32 = (globalThis as {
  readonly process?: {
    readonly getBuiltinModule?: (id: string) => { readonly crc32?: (data: Uint8Array, value: number) => number }
  }
}).process?.getBuiltinModule?.("node:zlib")?.crc32

/** A CRC-32 (IEEE) continued over `bytes[start, end)` from `crc` (`0` to start), with the table. */
export const crc32Table = (bytes: Uint8Array, start: number, end: number, crc = 0): number => {
  let c = ~crc
  for (let i = start; i < end; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8)
  return ~c >>> 0
}

/**
 * A CRC-32 continued over `bytes[start, end)`: Node's own where there is one (several times faster past a few
 * dozen bytes; the table wins on the 8-byte prelude), else the table.
 */
export const crc32: (bytes: Uint8Array, start: number, end: number, crc?: number) => number = nativeCrc32 === undefined
  ? crc32Table
  : (bytes, start, end, crc = 0) =>
    end - start < 64 ? crc32Table(bytes, start, end, crc) : nativeCrc32(bytes.subarray(start, end), crc)

const utf8Decoder = new TextDecoder()
const utf8Encoder = new TextEncoder()

const hex = (bytes: Uint8Array): string => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")

/** Reads one whole message; throws an `Error` saying what is wrong with it. */
export const decode = (frame: Uint8Array): Message => {
  if (frame.length < overhead) {
    throw new Error(`the message is ${frame.length} bytes, less than the 16-byte minimum`)
  }
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength)
  const totalLength = view.getUint32(0)
  if (totalLength !== frame.length) {
    throw new Error(`the prelude declares ${totalLength} bytes but the message has ${frame.length}`)
  }
  const headersLength = view.getUint32(4)
  const preludeCrc = crc32(frame, 0, 8)
  if (preludeCrc !== view.getUint32(8)) {
    throw new Error(
      `the prelude checksum specified in the message (${
        view.getUint32(8)
      }) does not match the calculated CRC32 checksum (${preludeCrc})`
    )
  }
  const messageCrc = crc32(frame, 8, frame.length - 4, preludeCrc)
  if (messageCrc !== view.getUint32(frame.length - 4)) {
    throw new Error(
      `the message checksum (${messageCrc}) did not match the expected value of ${view.getUint32(frame.length - 4)}`
    )
  }
  const headersEnd = 12 + headersLength
  if (headersEnd > frame.length - 4) {
    throw new Error(`the headers (${headersLength} bytes) overrun the message (${frame.length} bytes)`)
  }
  return { headers: readHeaders(frame, view, headersEnd), body: frame.subarray(headersEnd, frame.length - 4) }
}

const readHeaders = (frame: Uint8Array, view: DataView, end: number): Record<string, HeaderValue> => {
  const headers: Record<string, HeaderValue> = {}
  let at = 12
  const need = (count: number) => {
    if (at + count > end) throw new Error("a header runs past the end of the headers")
  }
  while (at < end) {
    need(1)
    const nameLength = frame[at++]!
    need(nameLength + 1)
    const name = utf8Decoder.decode(frame.subarray(at, at + nameLength))
    at += nameLength
    const type = frame[at++]!
    let value: HeaderValue
    switch (type) {
      case 0:
      case 1:
        value = { type: "boolean", value: type === 0 }
        break
      case 2:
        need(1)
        value = { type: "byte", value: view.getInt8(at) }
        at += 1
        break
      case 3:
        need(2)
        value = { type: "short", value: view.getInt16(at) }
        at += 2
        break
      case 4:
        need(4)
        value = { type: "integer", value: view.getInt32(at) }
        at += 4
        break
      case 5:
      case 8: {
        need(8)
        const long = view.getBigInt64(at)
        value = type === 5 ? { type: "long", value: long } : { type: "timestamp", value: new Date(Number(long)) }
        at += 8
        break
      }
      case 6:
      case 7: {
        need(2)
        const length = view.getUint16(at)
        need(2 + length)
        const bytes = frame.subarray(at + 2, at + 2 + length)
        value = type === 6 ? { type: "binary", value: bytes } : { type: "string", value: utf8Decoder.decode(bytes) }
        at += 2 + length
        break
      }
      case 9: {
        need(16)
        const id = hex(frame.subarray(at, at + 16))
        value = {
          type: "uuid",
          value: `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`
        }
        at += 16
        break
      }
      default:
        throw new Error(`the header "${name}" has the unknown type ${type}`)
    }
    headers[name] = value
  }
  return headers
}

/** Writes a message with string headers (the only kind Bedrock sends), for tests and the test kit. */
export const encode = (headers: Readonly<Record<string, string>>, body: Uint8Array): Uint8Array => {
  const encoded = Object.entries(headers).map(([name, value]) => {
    const bytes = [utf8Encoder.encode(name), utf8Encoder.encode(value)] as const
    if (bytes[0].length > 255 || bytes[1].length > 65_535) throw new Error(`the header "${name}" is too long`)
    return bytes
  })
  const headersLength = encoded.reduce((total, [name, value]) => total + 1 + name.length + 3 + value.length, 0)
  const length = overhead + headersLength + body.length
  const frame = new Uint8Array(length)
  const view = new DataView(frame.buffer)
  view.setUint32(0, length)
  view.setUint32(4, headersLength)
  view.setUint32(8, crc32(frame, 0, 8))
  let at = 12
  for (const [name, value] of encoded) {
    frame[at++] = name.length
    frame.set(name, at)
    at += name.length
    frame[at++] = 7
    view.setUint16(at, value.length)
    frame.set(value, at + 2)
    at += 2 + value.length
  }
  frame.set(body, at)
  view.setUint32(length - 4, crc32(frame, 0, length - 4))
  return frame
}
