import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate, inflateRaw, type ZlibOptions } from 'node:zlib';
import { ApiError, badRequest } from '../http/errors.js';

export interface BodyLimits {
  /** bytes as sent (compressed) */
  maxBytes: number;
  /** bytes after decompression */
  maxDecompressedBytes: number;
}

const MiB = 1024 * 1024;
const tooLarge = (what: string, limit: number) =>
  new ApiError('payload_too_large', `${what} is larger than ${Math.round((limit / MiB) * 10) / 10} MiB`);

/**
 * Reads the body as it streams in, stopping at the limit: a huge upload is refused, not buffered.
 * On Node, straight from the IncomingMessage: making @hono/node-server build a web Request and
 * ReadableStream for the body costs more CPU than everything else ingest does.
 */
export interface BodySource {
  contentLength: string | undefined;
  /** the Node request, when running on @hono/node-server */
  incoming: IncomingMessage | undefined;
  /** the web stream, elsewhere */
  stream: () => ReadableStream<Uint8Array> | null;
}

export async function readLimited(source: BodySource, limits: BodyLimits): Promise<Buffer> {
  const declared = Number(source.contentLength ?? NaN);
  if (declared > limits.maxBytes) throw tooLarge('the request body', limits.maxBytes);
  if (source.incoming) return readIncoming(source.incoming, limits);
  const stream = source.stream();
  if (!stream) return Buffer.alloc(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limits.maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge('the request body', limits.maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

async function readIncoming(incoming: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    size += (chunk as Buffer).length;
    if (size > limits.maxBytes) {
      incoming.resume(); // drain the rest so the connection can answer
      throw tooLarge('the request body', limits.maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

const gunzipAsync = promisify<Buffer, ZlibOptions, Buffer>(gunzip);
const inflateAsync = promisify<Buffer, ZlibOptions, Buffer>(inflate);
const inflateRawAsync = promisify<Buffer, ZlibOptions, Buffer>(inflateRaw);
const brotliAsync = promisify<Buffer, ZlibOptions, Buffer>(brotliDecompress as never);

/**
 * Undoes Content-Encoding with a cap on the output: zlib stops at maxOutputLength, so a
 * decompression bomb costs at most that much memory.
 */
export async function decode(
  body: Buffer,
  encoding: string | null | undefined,
  limits: BodyLimits,
): Promise<Buffer> {
  const enc = (encoding ?? '').trim().toLowerCase();
  // Some SDKs send "UTF-8" here; an empty value or identity means no compression.
  if (enc === '' || enc === 'identity' || enc === 'utf-8' || enc === 'utf8') {
    if (body.length > limits.maxDecompressedBytes)
      throw tooLarge('the decompressed body', limits.maxDecompressedBytes);
    return body;
  }
  const opts: ZlibOptions = { maxOutputLength: limits.maxDecompressedBytes };
  try {
    if (enc === 'gzip' || enc === 'x-gzip') return await gunzipAsync(body, opts);
    if (enc === 'br') return await brotliAsync(body, opts);
    if (enc === 'deflate') {
      // "deflate" should be zlib-wrapped (RFC 9110) but some clients send raw deflate
      return body[0] !== undefined && (body[0] & 0x0f) === 8 && ((body[0] << 8) | (body[1] ?? 0)) % 31 === 0
        ? await inflateAsync(body, opts)
        : await inflateRawAsync(body, opts);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw tooLarge('the decompressed body', limits.maxDecompressedBytes);
    }
    throw badRequest(`the body is not valid ${enc} data`);
  }
  throw new ApiError(
    'unsupported_media_type',
    `Content-Encoding "${enc}" is not supported (use gzip, deflate or br)`,
  );
}
