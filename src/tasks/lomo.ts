import { pipeline } from 'node:stream/promises';
import { defineTask, PermanentFailure, TaskFileNotFoundError } from '../engine/define-task.ts';
import { currentIdPattern } from '../domain/ids.ts';

// The lomo look (seed 000's running example): darker corners (a vignette), stronger saturation and
// contrast, and a colour cast, applied with sharp (libvips). CPU-bound, so `cpu: true` runs it on
// the worker-thread pool, and `offload worker --types lomo` puts it on machines of its own.
// Input: an image file (`POST /v1/files`); the result is the new image file, `{ file }`, so
// `/result` answers 303 to its signed link.

export interface LomoInput {
  file: string;
  /** 0 (none) … 1 (black corners). */
  vignette?: number;
  /** Multiplier: 1 keeps the colours. */
  saturation?: number;
  /** Multiplier around mid grey: 1 keeps the contrast. */
  contrast?: number;
  /** A colour cast as `#rrggbb`: each channel is scaled by its share of the brightest (`#ffffff`: none). */
  tint?: string;
}

const DEFAULTS = { vignette: 0.6, saturation: 1.4, contrast: 1.3, tint: '#fff0d8' };
/** Larger inputs are refused: the decoded pixels are what costs memory, not the file. */
const MAX_INPUT_BYTES = 50 * 1024 * 1024;
const MAX_PIXELS = 100_000_000;

export const lomoTask = defineTask<LomoInput, { file: string }>({
  type: 'lomo',
  description:
    'Applies a lomo effect to an image file (`file`: an id from POST /v1/files): a vignette, stronger saturation and contrast, a colour cast. The result is the new image file (`/result` redirects to it).',
  input: {
    type: 'object',
    required: ['file'],
    additionalProperties: false,
    properties: {
      file: { type: 'string', pattern: `^${currentIdPattern('fil')}$`, description: 'The image to filter (JPEG, PNG, WebP, TIFF, GIF, AVIF).' },
      vignette: { type: 'number', minimum: 0, maximum: 1, description: `Corner darkening, 0–1 (default ${DEFAULTS.vignette}).` },
      saturation: { type: 'number', minimum: 0, maximum: 4, description: `Saturation multiplier (default ${DEFAULTS.saturation}).` },
      contrast: { type: 'number', minimum: 0, maximum: 4, description: `Contrast multiplier around mid grey (default ${DEFAULTS.contrast}).` },
      tint: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$', description: `Colour cast, #rrggbb (default ${DEFAULTS.tint}; #ffffff for none).` },
    },
  },
  files: ['file'],
  cpu: true,
  timeoutSeconds: 120,
  async run(input, ctx) {
    const { default: sharp } = await import('sharp');
    // One libvips thread per job: the pool's size (worker.cpuThreads) is then what bounds the CPU.
    sharp.concurrency(1);
    const params = { ...DEFAULTS, ...input };

    let source: Awaited<ReturnType<typeof ctx.files.open>>;
    try {
      source = await ctx.files.open(input.file);
    } catch (err) {
      if (err instanceof TaskFileNotFoundError) throw new PermanentFailure(`no image file ${input.file}`);
      throw err;
    }
    if (source.size > MAX_INPUT_BYTES) throw new PermanentFailure(`the image is ${source.size} bytes, over ${MAX_INPUT_BYTES}`);
    const chunks: Buffer[] = [];
    for await (const chunk of source.stream) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    ctx.signal.throwIfAborted();
    ctx.progress({ percent: 10, message: 'decoding' });

    let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
    try {
      meta = await sharp(bytes, { limitInputPixels: MAX_PIXELS }).metadata();
    } catch (err) {
      throw new PermanentFailure(`not an image sharp can read: ${(err as Error).message}`);
    }
    const rotated = (meta.orientation ?? 1) >= 5;
    const width = (rotated ? meta.height : meta.width) ?? 0;
    const height = (rotated ? meta.width : meta.height) ?? 0;
    if (width === 0 || height === 0) throw new PermanentFailure('the image has no size');

    // Contrast around mid grey and the colour cast in one linear step per channel: out = a·in + b.
    const cast = tintFactors(params.tint);
    const a = cast.map((t) => params.contrast * t);
    const b = cast.map((t) => 128 * (1 - params.contrast) * t);
    const png = meta.format === 'png';
    const image = sharp(bytes, { limitInputPixels: MAX_PIXELS })
      .rotate()
      .removeAlpha()
      .modulate({ saturation: params.saturation })
      .linear(a, b)
      .composite([{ input: Buffer.from(vignetteSvg(width, height, params.vignette)), blend: 'multiply' }]);
    const out = png ? image.png() : image.jpeg({ quality: 90, mozjpeg: true });
    ctx.progress({ percent: 40, message: 'filtering' });

    const stem = source.name.replace(/\.[A-Za-z0-9]{1,5}$/, '') || 'image';
    const target = ctx.files.create({ name: `${stem}-lomo.${png ? 'png' : 'jpg'}`, contentType: png ? 'image/png' : 'image/jpeg' });
    await pipeline(out, target.stream, { signal: ctx.signal });
    ctx.progress({ percent: 100, message: 'done' });
    return { file: target.id };
  },
});

function tintFactors(hex: string): number[] {
  const rgb = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  const max = Math.max(1, ...rgb);
  return rgb.map((c) => c / max);
}

/** White in the middle, darkening towards the corners: multiplied over the image. */
function vignetteSvg(width: number, height: number, strength: number): string {
  const edge = Math.round(255 * (1 - strength));
  const grey = `rgb(${edge},${edge},${edge})`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <defs><radialGradient id="v" cx="50%" cy="50%" r="71%">
    <stop offset="45%" stop-color="#fff"/><stop offset="100%" stop-color="${grey}"/>
  </radialGradient></defs>
  <rect width="100%" height="100%" fill="url(#v)"/>
</svg>`;
}
