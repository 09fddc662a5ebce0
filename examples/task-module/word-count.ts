import { defineTask } from '../../src/engine/define-task.ts';

// An operator task module: every exported defineTask() value becomes a task type.
// `cpu: true` runs it in the worker-thread pool, so counting a large text never blocks the API.

interface WordCountInput {
  text: string;
}

interface WordCountResult {
  characters: number;
  words: number;
  lines: number;
  topWords: { word: string; count: number }[];
}

const CHUNK = 64 * 1024;

export const wordCount = defineTask<WordCountInput, WordCountResult>({
  type: 'word-count',
  description: 'Counts characters, words and lines of a text and lists its most frequent words.',
  cpu: true,
  timeoutSeconds: 60,
  input: {
    type: 'object',
    properties: { text: { type: 'string', maxLength: 200_000 } },
    required: ['text'],
    additionalProperties: false,
  },
  run({ text }, ctx) {
    const counts = new Map<string, number>();
    let words = 0;
    // Work in chunks so progress is visible and an abort is noticed between chunks.
    for (let offset = 0; offset < text.length; offset += CHUNK) {
      ctx.signal.throwIfAborted();
      // Extend the chunk to the next whitespace so no word is split in two.
      let end = Math.min(text.length, offset + CHUNK);
      while (end < text.length && !/\s/.test(text[end] as string)) end++;
      for (const word of text.slice(offset, end).toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []) {
        words++;
        counts.set(word, (counts.get(word) ?? 0) + 1);
      }
      offset = end - CHUNK;
      ctx.progress({ percent: Math.round((end / text.length) * 100), current: end, total: text.length });
    }
    const topWords = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 10)
      .map(([word, count]) => ({ word, count }));
    return { characters: text.length, words, lines: text === '' ? 0 : text.split('\n').length, topWords };
  },
  cleanup(ctx) {
    // Nothing is written outside the result; a real module would delete its partial output here.
    ctx.log.info('word-count cleanup', { reason: ctx.reason });
  },
});
