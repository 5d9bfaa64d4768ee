import type { Rgba } from './png';

/**
 * The two icons of the Teams app, drawn in code so they can be made again and checked: a
 * white pulse trace (the rise and fall of a heartbeat on a monitor) across NHS Blue for the
 * colour icon, and the same trace in white on transparent for the outline icon Teams shows in
 * its app bar.
 */
export const NHS_BLUE = { r: 0x00, g: 0x5e, b: 0xb8 } as const;
export const ACCENT_COLOR = '#005EB8';

/** The pulse trace, in fractions of the icon's side. */
const TRACE: readonly (readonly [number, number])[] = [
  [0.1, 0.56],
  [0.33, 0.56],
  [0.41, 0.38],
  [0.5, 0.76],
  [0.59, 0.24],
  [0.67, 0.56],
  [0.9, 0.56],
];

function distanceToSegment(px: number, py: number, [ax, ay]: readonly [number, number], [bx, by]: readonly [number, number]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** How much of the pixel at (x, y) the trace covers, 0 to 1: anti-aliased by distance. */
function traceCoverage(x: number, y: number, size: number, width: number): number {
  const points = TRACE.map(([u, v]) => [u * size, v * size] as const);
  let nearest = Number.POSITIVE_INFINITY;
  for (let i = 1; i < points.length; i++) nearest = Math.min(nearest, distanceToSegment(x + 0.5, y + 0.5, points[i - 1]!, points[i]!));
  return Math.max(0, Math.min(1, width / 2 + 0.5 - nearest));
}

function draw(size: number, pixel: (coverage: number) => readonly [number, number, number, number], width: number): Rgba {
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) pixels.set(pixel(traceCoverage(x, y, size, width)), (y * size + x) * 4);
  }
  return { width: size, height: size, pixels };
}

/** 192 × 192, full colour: the white trace on NHS Blue. */
export function colorIcon(): Rgba {
  const mix = (from: number, c: number) => Math.round(from + (255 - from) * c);
  return draw(192, (c) => [mix(NHS_BLUE.r, c), mix(NHS_BLUE.g, c), mix(NHS_BLUE.b, c), 255], 12);
}

/** 32 × 32, white on transparent: only the trace, its edge softened by transparency alone. */
export function outlineIcon(): Rgba {
  return draw(32, (c) => [255, 255, 255, Math.round(255 * c)], 2.6);
}
