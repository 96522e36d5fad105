/** Small helpers the server-drawn charts share: a round axis maximum and text wrapped by length. */

/** The smallest "round" number (1, 2, 2.5, 5 × 10ⁿ, at least 1) at or above `value`, for an axis top. */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

/** Evenly spaced whole ticks from 0 to `max`, at most `count + 1` of them. */
export function ticks(max: number, count = 4): number[] {
  const step = Math.max(1, Math.ceil(max / count));
  const values: number[] = [];
  for (let v = 0; v <= max; v += step) values.push(v);
  return values;
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
