/** Small helpers the server-drawn charts share: a round axis maximum and text wrapped by length. */

/** A "round" step (1, 2, 2.5 or 5 × 10ⁿ, whole, at least 1) at or above `value`. */
function niceStep(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= value && Number.isInteger(step * power)) return step * power;
  }
  return 10 * power;
}

/** The axis of values up to `max`: at most `count` round, whole steps from 0 to a top at or above max. */
export function axis(max: number, count = 4): { top: number; ticks: number[] } {
  const step = niceStep(Math.max(1, max) / count);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  return { top, ticks };
}

/** Lines of at most `width` characters, broken between words (SVG text does not wrap itself). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
