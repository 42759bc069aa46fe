import { describe, expect, it } from 'vitest';
import { sseData } from './sse-events.ts';

function body(chunks: readonly string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(chunks: readonly string[]): Promise<string[]> {
  const events: string[] = [];
  for await (const data of sseData(body(chunks))) events.push(data);
  return events;
}

describe('sseData', () => {
  it('splits events on blank lines across chunk boundaries, skipping comments', async () => {
    expect(await collect(['data: {"a":', '1}\n\n: keep-alive\n\nda', 'ta: two\n', '\n'])).toEqual([
      '{"a":1}',
      'two',
    ]);
  });

  it('reads CRLF and CR line ends, joins data lines, and keeps a last event without a blank line', async () => {
    expect(await collect(['data:x\r\ndata: y\r', '\n\r\ndata: last'])).toEqual(['x\ny', 'last']);
    expect(await collect(['data: a\r', '\ndata: b\r\r'])).toEqual(['a\nb']);
  });

  it('decodes a character split across chunks', async () => {
    const bytes = new TextEncoder().encode('data: é\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 7));
        controller.enqueue(bytes.slice(7));
        controller.close();
      },
    });
    const events: string[] = [];
    for await (const data of sseData(stream)) events.push(data);
    expect(events).toEqual(['é']);
  });
});
