import { PNG } from 'pngjs';
import { PulseError } from '../domain/errors';

/**
 * PNG, as much as the app package needs, through pngjs: RGBA images drawn in code written out,
 * and icons read back by the package's checks (size, and whether an outline icon is white on
 * transparent).
 */
export interface Rgba {
  readonly width: number;
  readonly height: number;
  /** width × height × 4 bytes: red, green, blue, alpha. */
  readonly pixels: Uint8Array;
}

export function encodePng(image: Rgba): Buffer {
  const png = new PNG({ width: image.width, height: image.height, colorType: 6, inputHasAlpha: true });
  Buffer.from(image.pixels.buffer, image.pixels.byteOffset, image.pixels.byteLength).copy(png.data);
  return PNG.sync.write(png, { colorType: 6, deflateLevel: 9 });
}

/** Reads a PNG of any colour type or depth, as 8-bit RGBA; a file that is not a PNG is refused with a PulseError that says so. */
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function decodePng(file: Buffer): Rgba {
  if (!file.subarray(0, 8).equals(SIGNATURE))
    throw new PulseError('ahp_pulse_app_package_invalid', 'not a PNG file (it does not begin with the PNG signature)');
  try {
    const png = PNG.sync.read(file);
    return { width: png.width, height: png.height, pixels: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
  } catch (error) {
    throw new PulseError('ahp_pulse_app_package_invalid', `not a PNG image that can be read (${(error as Error).message})`, { cause: error });
  }
}
