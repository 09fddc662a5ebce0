import type { TaskDocument } from './api-types.ts';

// Reads a task's Server-Sent Events stream (`GET /v1/tasks/{id}/events`): `status` (the document
// on connect and after each status change), `progress` (while running) and `completed` (then the
// server closes the stream). Comments (`: keep-alive`) are skipped.

export interface TaskEvent {
  event: 'status' | 'progress' | 'completed';
  /** The task version the event carries as its SSE id (resume with it as `lastEventId`), or null. */
  id: string | null;
  task: TaskDocument;
}

export async function* readTaskEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<TaskEvent, void, undefined> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      // Events end with a blank line; line ends may be CRLF, LF or CR (the SSE grammar).
      const blocks = buffer.split(/\r\n\r\n|\n\n|\r\r/);
      buffer = done ? '' : (blocks.pop() ?? '');
      for (const block of blocks) {
        const event = parseEvent(block);
        if (event) yield event;
      }
      if (done) return;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

function parseEvent(block: string): TaskEvent | null {
  let event = 'message';
  let id: string | null = null;
  const data: string[] = [];
  for (const line of block.split(/\r\n|\n|\r/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0 || (event !== 'status' && event !== 'progress' && event !== 'completed')) return null;
  return { event, id, task: JSON.parse(data.join('\n')) as TaskDocument };
}
