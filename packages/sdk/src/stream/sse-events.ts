/**
 * The `data` of each Server-Sent Event in a response body (WHATWG HTML §9.2 event stream format:
 * lines end in CR, LF or CRLF; a blank line ends an event; `data:` lines join with LF; lines starting
 * with `:` are comments). Reads with getReader, which every browser has. Stopping early cancels the body.
 */
export async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      // The last piece may be a line still arriving, and a CR at the end may yet be followed by LF.
      const heldCr = !done && buffer.endsWith('\r') ? '\r' : '';
      const lines = buffer.slice(0, buffer.length - heldCr.length).split(/\r\n|\r|\n/);
      buffer = done ? '' : (lines.pop() ?? '') + heldCr;
      for (const line of lines) {
        if (line === '') {
          if (data.length > 0) yield data.join('\n');
          data = [];
        } else if (line.startsWith('data:')) {
          data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        }
      }
      if (done) break;
    }
    if (data.length > 0) yield data.join('\n');
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
