import sharp from 'sharp';

// Measures of a picture, for tests of image filters: the mean luminance of its four corners (10 %
// of each side), the mean HSV saturation, and the luminance's standard deviation in the middle
// (a measure of contrast away from the vignette).

export interface ImageStats {
  width: number;
  height: number;
  cornerLuminance: number;
  centerLuminance: number;
  meanSaturation: number;
  centerContrast: number;
}

export async function imageStats(input: Buffer): Promise<ImageStats> {
  const { data, info } = await sharp(input).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height, channels } = info;
  const cw = Math.max(1, Math.floor(width / 10));
  const ch = Math.max(1, Math.floor(height / 10));
  let corner = 0;
  let cornerN = 0;
  let satSum = 0;
  const center: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      const r = data[i]!;
      const g = data[i + 1]!;
      const b = data[i + 2]!;
      const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
      const max = Math.max(r, g, b);
      satSum += max === 0 ? 0 : (max - Math.min(r, g, b)) / max;
      const inCorner = (x < cw || x >= width - cw) && (y < ch || y >= height - ch);
      if (inCorner) {
        corner += lum;
        cornerN++;
      }
      if (x >= width * 0.3 && x < width * 0.7 && y >= height * 0.3 && y < height * 0.7) center.push(lum);
    }
  }
  const centerMean = center.reduce((a, v) => a + v, 0) / center.length;
  const variance = center.reduce((a, v) => a + (v - centerMean) ** 2, 0) / center.length;
  return {
    width,
    height,
    cornerLuminance: corner / cornerN,
    centerLuminance: centerMean,
    meanSaturation: satSum / (width * height),
    centerContrast: Math.sqrt(variance),
  };
}
