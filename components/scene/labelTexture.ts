import * as THREE from 'three';

/**
 * A text label as a texture, drawn with the browser's own fonts on a 2D canvas: works inside XR
 * (where DOM overlays do not show) and fetches nothing (drei's Text would load a font from a CDN).
 * Cached per text and colours.
 */
const cache = new Map<string, { texture: THREE.CanvasTexture; aspect: number }>();

export function labelTexture(text: string, background: string, foreground = '#ffffff'): { texture: THREE.CanvasTexture; aspect: number } {
  const key = `${text}\u0000${background}\u0000${foreground}`;
  const known = cache.get(key);
  if (known) return known;
  const lines = text.split('\n');
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d')!;
  const font = '600 28px system-ui, sans-serif';
  ctx.font = font;
  const width = Math.ceil(Math.max(...lines.map((l) => ctx.measureText(l).width)) + 24);
  const height = 40 * lines.length + 8;
  canvas.width = width;
  canvas.height = height;
  ctx.font = font;
  ctx.fillStyle = background;
  ctx.beginPath();
  ctx.roundRect(0, 0, width, height, 10);
  ctx.fill();
  ctx.fillStyle = foreground;
  ctx.textBaseline = 'middle';
  lines.forEach((line, i) => ctx.fillText(line, 12, 24 + i * 40));
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  const made = { texture, aspect: width / height };
  if (cache.size > 200) cache.clear();
  cache.set(key, made);
  return made;
}
