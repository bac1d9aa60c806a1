import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import {
  brotliDecompress,
  createBrotliDecompress,
  createGunzip,
  createInflate,
  createInflateRaw,
  gunzip,
  inflate,
  inflateRaw,
  type ZlibOptions,
} from 'node:zlib';
import { ApiError, badRequest } from '../http/errors.js';

export interface BodyLimits {
  /** bytes as sent (compressed) */
  maxBytes: number;
  /** bytes after decompression */
  maxDecompressedBytes: number;
}

const MiB = 1024 * 1024;
const clientGone = () => badRequest('the client closed the connection before the whole body arrived');
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
    const { done, value } = await reader.read().catch(() => {
      throw clientGone();
    });
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
  try {
    for await (const chunk of incoming) {
      size += (chunk as Buffer).length;
      if (size > limits.maxBytes) {
        incoming.resume(); // drain the rest so the connection can answer
        throw tooLarge('the request body', limits.maxBytes);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof ApiError) throw err;
    // the client went away mid-body ("aborted"): nothing was accepted, nobody is left to answer
    throw clientGone();
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
  // zlib hands its output back in chunks, each a round trip between the thread pool and a busy event
  // loop: with the default 16 KiB, a 5 MiB body took 320 of them (a second under load); 512 KiB: 10
  const opts: ZlibOptions = { maxOutputLength: limits.maxDecompressedBytes, chunkSize: 512 * 1024 };
  try {
    if (enc === 'gzip' || enc === 'x-gzip') return await gunzipAsync(body, opts);
    if (enc === 'br') return await brotliAsync(body, opts);
    if (enc === 'deflate') {
      // "deflate" should be zlib-wrapped (RFC 9110) but some clients send raw deflate
      return isZlibWrapped(body) ? await inflateAsync(body, opts) : await inflateRawAsync(body, opts);
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

const HEAD_MAX = 64 * 1024;

/**
 * The first line of a (possibly compressed) body, decompressing only as far as it: an envelope's
 * header names its key, and a request with a bad key must not cost a 5 MiB decompression.
 */
export async function decodeFirstLine(body: Buffer, encoding: string | null | undefined): Promise<Buffer> {
  const enc = (encoding ?? '').trim().toLowerCase();
  const plain = (b: Buffer) => {
    const end = b.indexOf(0x0a);
    return b.subarray(0, end === -1 ? Math.min(b.length, HEAD_MAX) : Math.min(end, HEAD_MAX));
  };
  if (enc === '' || enc === 'identity' || enc === 'utf-8' || enc === 'utf8') return plain(body);
  const stream =
    enc === 'gzip' || enc === 'x-gzip'
      ? createGunzip()
      : enc === 'br'
        ? createBrotliDecompress()
        : enc === 'deflate'
          ? isZlibWrapped(body)
            ? createInflate()
            : createInflateRaw()
          : null;
  if (!stream) return plain(body); // the full decode will answer 415
  return new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      stream.removeAllListeners('data');
      stream.destroy();
      resolve(plain(Buffer.concat(chunks, size)));
    };
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (chunk.includes(0x0a) || size >= HEAD_MAX) done();
    });
    stream.on('end', done);
    stream.on('error', done); // the full decode will answer 400
    // fed in slices, so a bomb stops after its first few kilobytes of output
    for (let i = 0; i < body.length && !stream.destroyed; i += 4096) stream.write(body.subarray(i, i + 4096));
    if (!stream.destroyed) stream.end();
  });
}

const isZlibWrapped = (body: Buffer) =>
  body[0] !== undefined && (body[0] & 0x0f) === 8 && ((body[0] << 8) | (body[1] ?? 0)) % 31 === 0;
