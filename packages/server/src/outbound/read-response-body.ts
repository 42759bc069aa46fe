import type { IncomingMessage } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { OutboundHttpError } from '@flowgate/engine';

/**
 * Reads a response body into text, decompressing gzip, deflate and brotli, and refusing bodies
 * over `maxBytes` (after decompression, so a small compressed bomb is refused too) without
 * buffering them.
 */
export async function readResponseBody(
  response: IncomingMessage,
  options: { maxBytes: number; host: string; method: string },
): Promise<string> {
  const { maxBytes, host } = options;
  if (options.method === 'HEAD') {
    response.resume();
    return '';
  }
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge(host, maxBytes);
  }
  const stream = decoded(response);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw tooLarge(host, maxBytes);
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    response.destroy();
    if (stream !== response) stream.destroy();
    if (error instanceof OutboundHttpError) throw error;
    if (isDecodingError(error)) {
      throw new OutboundHttpError(
        'CONNECTION',
        `the response from ${host} is not valid ${encodingOf(response)}`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
  return decodeText(Buffer.concat(chunks), response.headers['content-type']);
}

/** The body stream, decompressed; a failing response destroys the decompressor with its error. */
function decoded(response: IncomingMessage): Readable {
  const decompressor = decompressorFor(encodingOf(response));
  if (!decompressor) return response;
  // Errors surface through the iteration of the returned stream; the callback only completes pipeline's contract.
  return pipeline(response, decompressor, () => {});
}

function decompressorFor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.createGunzip();
  if (encoding === 'deflate') return zlib.createInflate();
  if (encoding === 'br') return zlib.createBrotliDecompress();
  return undefined;
}

function encodingOf(response: IncomingMessage): string {
  return (response.headers['content-encoding'] ?? '').trim().toLowerCase();
}

function isDecodingError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('Z_');
}

function tooLarge(host: string, maxBytes: number): OutboundHttpError {
  return new OutboundHttpError(
    'TOO_LARGE',
    `the response from ${host} is larger than ${formatBytes(maxBytes)}`,
  );
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return bytes >= 1024 ? `${+(bytes / 1024).toFixed(1)} KiB` : `${bytes} bytes`;
}

/** UTF-8 unless the content type names another charset that TextDecoder knows. */
function decodeText(bytes: Buffer, contentType: string | undefined): string {
  const charset = /charset="?([^";\s]+)/i.exec(contentType ?? '')?.[1];
  if (charset) {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // An unknown charset label: fall back to UTF-8.
    }
  }
  return bytes.toString('utf8');
}
