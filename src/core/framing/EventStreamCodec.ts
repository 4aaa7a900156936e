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

/** The CRC-32 tables for slicing by 8: `crcTables[k * 256 + n]`, the CRC of byte `n` then `k` zero bytes. */
const crcTables = /* @__PURE__ */ (() => {
  const tables = new Int32Array(256 * 8)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    tables[n] = c
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++) {
      const previous = tables[(k - 1) * 256 + n]!
      tables[k * 256 + n] = (previous >>> 8) ^ tables[previous & 0xff]!
    }
  }
  return tables
})()

/** Node's own CRC-32 (`zlib.crc32`, Node 22.2+), looked up at run time so that no bundle imports `node:zlib`. */
const nativeCrc32 = (globalThis as {
  readonly process?: {
    readonly getBuiltinModule?: (id: string) => { readonly crc32?: (data: Uint8Array, value: number) => number }
  }
}).process?.getBuiltinModule?.("node:zlib")?.crc32

/** A CRC-32 (IEEE) continued over `bytes[start, end)` from `crc` (`0` to start), with the tables. */
export const crc32Table = (bytes: Uint8Array, start: number, end: number, crc = 0): number => {
  const tables = crcTables
  let c = ~crc
  let i = start
  // Eight bytes a step (slicing-by-8): several times the byte-at-a-time loop.
  for (; i + 8 <= end; i += 8) {
    const low = c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24))
    c = tables[1792 + (low & 0xff)]! ^ tables[1536 + ((low >>> 8) & 0xff)]! ^
      tables[1280 + ((low >>> 16) & 0xff)]! ^ tables[1024 + (low >>> 24)]! ^
      tables[768 + bytes[i + 4]!]! ^ tables[512 + bytes[i + 5]!]! ^ tables[256 + bytes[i + 6]!]! ^
      tables[bytes[i + 7]!]!
  }
  for (; i < end; i++) c = tables[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8)
  return ~c >>> 0
}

/** A CRC-32 over `bytes[start, end)`: Node's own past a few hundred bytes (where the call pays), else the tables. */
export const crc32: (bytes: Uint8Array, start: number, end: number, crc?: number) => number = nativeCrc32 === undefined
  ? crc32Table
  : (bytes, start, end, crc = 0) =>
    end - start < 256 ? crc32Table(bytes, start, end, crc) : nativeCrc32(bytes.subarray(start, end), crc)

const utf8Decoder = new TextDecoder()
const utf8Encoder = new TextEncoder()

const hex = (bytes: Uint8Array): string => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")

/** A big-endian unsigned 32-bit integer at `at`. */
const uint32 = (bytes: Uint8Array, at: number): number =>
  ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0

const textAt = (frame: Uint8Array, start: number, end: number): string => utf8Decoder.decode(frame.subarray(start, end))

/** Reads one whole message; throws an `Error` saying what is wrong with it. */
export const decode = (frame: Uint8Array): Message => new Decoder().decode(frame)

/** A block of headers read before: its bytes and what they read as. */
interface ReadHeaders {
  readonly bytes: Uint8Array
  readonly headers: Readonly<Record<string, HeaderValue>>
}

/** How many recent header blocks a decoder keeps. */
const recentHeaderBlocks = 4

/** Header blocks longer than this many bytes are read every time. */
const maxRecentHeaderBytes = 256

/**
 * The decoder of one stream's messages. It keeps the last few header blocks it read: the frames of a stream
 * repeat a few blocks byte for byte (one per event type), so a block equal to one of these is the same headers,
 * read once.
 */
export class Decoder {
  readonly #recent: Array<ReadHeaders> = []
  #next = 0

  /** Reads one whole message; throws an `Error` saying what is wrong with it. */
  decode(frame: Uint8Array): Message {
    const headersEnd = checkFrame(frame)
    return { headers: this.#headersOf(frame, headersEnd), body: frame.subarray(headersEnd, frame.length - 4) }
  }

  #headersOf(frame: Uint8Array, end: number): Readonly<Record<string, HeaderValue>> {
    const length = end - 12
    if (length > maxRecentHeaderBytes) return new HeaderReader(frame, end).readAll()
    for (const recent of this.#recent) {
      const bytes = recent.bytes
      if (bytes.length !== length) continue
      let i = 0
      while (i < length && bytes[i] === frame[12 + i]) i++
      if (i === length) return recent.headers
    }
    const headers = new HeaderReader(frame, end).readAll()
    this.#recent[this.#next] = { bytes: frame.slice(12, end), headers }
    this.#next = (this.#next + 1) % recentHeaderBlocks
    return headers
  }
}

/** What is wrong with the prelude (the first 12 bytes) of `frame`: its checksum does not match, if it does not. */
export const preludeIssueOf = (frame: Uint8Array): string | undefined => {
  const expected = crc32(frame, 0, 8)
  const declared = uint32(frame, 8)
  return expected === declared
    ? undefined
    : `the prelude checksum specified in the message (${declared}) does not match the calculated CRC32 checksum (${expected})`
}

/** Checks a whole message's lengths and checksums, and gives where its headers end; throws what is wrong. */
const checkFrame = (frame: Uint8Array): number => {
  if (frame.length < overhead) {
    throw new Error(`the message is ${frame.length} bytes, less than the 16-byte minimum`)
  }
  const totalLength = uint32(frame, 0)
  if (totalLength !== frame.length) {
    throw new Error(`the prelude declares ${totalLength} bytes but the message has ${frame.length}`)
  }
  const headersLength = uint32(frame, 4)
  const preludeIssue = preludeIssueOf(frame)
  if (preludeIssue !== undefined) throw new Error(preludeIssue)
  const preludeCrc = crc32(frame, 0, 8)
  const messageCrc = crc32(frame, 8, frame.length - 4, preludeCrc)
  if (messageCrc !== uint32(frame, frame.length - 4)) {
    throw new Error(
      `the message checksum (${messageCrc}) did not match the expected value of ${uint32(frame, frame.length - 4)}`
    )
  }
  const headersEnd = 12 + headersLength
  if (headersEnd > frame.length - 4) {
    throw new Error(`the headers (${headersLength} bytes) overrun the message (${frame.length} bytes)`)
  }
  return headersEnd
}

/** Reads the headers of one message, from byte 12 (after the prelude) to `end`; throws what is wrong. */
class HeaderReader {
  readonly #frame: Uint8Array
  readonly #end: number
  #at = 12
  #view: DataView | undefined = undefined

  constructor(frame: Uint8Array, end: number) {
    this.#frame = frame
    this.#end = end
  }

  /** Reads every header. */
  readAll(): Record<string, HeaderValue> {
    const headers: Record<string, HeaderValue> = {}
    while (this.#at < this.#end) {
      const name = this.#name()
      headers[name] = this.#value(name)
    }
    return headers
  }

  /** Throws when the next `count` bytes run past the headers. */
  #need(count: number): void {
    if (this.#at + count > this.#end) throw new Error("a header runs past the end of the headers")
  }

  /** The view numbers other than 32-bit ones are read with, made only for them (Bedrock sends strings alone). */
  #viewOf(): DataView {
    return this.#view ??= new DataView(this.#frame.buffer, this.#frame.byteOffset, this.#frame.byteLength)
  }

  #name(): string {
    this.#need(1)
    const length = this.#frame[this.#at++]!
    this.#need(length + 1)
    const name = textAt(this.#frame, this.#at, this.#at + length)
    this.#at += length
    return name
  }

  /** Reads a header's type byte and its value. */
  #value(name: string): HeaderValue {
    const type = this.#frame[this.#at++]!
    switch (type) {
      case 0:
      case 1:
        return { type: "boolean", value: type === 0 }
      case 2:
        this.#need(1)
        return { type: "byte", value: this.#viewOf().getInt8(this.#at++) }
      case 3:
        this.#need(2)
        this.#at += 2
        return { type: "short", value: this.#viewOf().getInt16(this.#at - 2) }
      case 4:
        this.#need(4)
        this.#at += 4
        return { type: "integer", value: uint32(this.#frame, this.#at - 4) | 0 }
      case 5:
      case 8: {
        this.#need(8)
        const long = this.#viewOf().getBigInt64(this.#at)
        this.#at += 8
        return type === 5 ? { type: "long", value: long } : { type: "timestamp", value: new Date(Number(long)) }
      }
      case 6:
      case 7:
        return this.#bytesOrString(type)
      case 9:
        return this.#uuid()
      default:
        throw new Error(`the header "${name}" has the unknown type ${type}`)
    }
  }

  /** Reads a value of 2 bytes of length and its bytes: binary (type 6) or a string (type 7). */
  #bytesOrString(type: 6 | 7): HeaderValue {
    const frame = this.#frame
    const at = this.#at
    this.#need(2)
    const length = (frame[at]! << 8) | frame[at + 1]!
    this.#need(2 + length)
    this.#at += 2 + length
    return type === 6
      ? { type: "binary", value: frame.slice(at + 2, at + 2 + length) }
      : { type: "string", value: textAt(frame, at + 2, at + 2 + length) }
  }

  #uuid(): HeaderValue {
    this.#need(16)
    const id = hex(this.#frame.subarray(this.#at, this.#at + 16))
    this.#at += 16
    return {
      type: "uuid",
      value: `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`
    }
  }
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
