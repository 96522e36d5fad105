/**
 * A horizontal bar chart drawn on the server as SVG (no script, prints, reads at 375 px): one bar per
 * item, the label on its own line above the bar so that long agency names keep the whole width, the
 * value written after the bar. role="img" with a title and a description; the figures themselves are
 * in a table beside it, which is the text alternative the description points to.
 */
import { useId } from "react";

export type BarItem = {
  label: string;
  /** Null: nothing to draw (no dossier), `valueText` says why. */
  value: number | null;
  valueText: string;
};

// Drawn about as wide as a phone shows it (viewBox units ≈ CSS pixels at 375 px), so the text keeps its size there.
const WIDTH = 320;
const ROW = 50;
const BAR_HEIGHT = 16;
const LABEL_SIZE = 16;
const VALUE_SPACE = 66;
const MAX_LABEL = 36;

const shorten = (text: string) => (text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text);

export function PublicBarChart({
  title,
  description,
  items,
  max = 100,
  lang,
}: {
  title: string;
  description: string;
  items: BarItem[];
  /** The value a full bar stands for (100 for a percent). */
  max?: number;
  /** Language of the labels when it differs from the page's (agency names are Vietnamese). */
  lang?: string;
}) {
  const id = useId().replace(/:/g, "");
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const height = items.length * ROW + 8;
  const barSpace = WIDTH - VALUE_SPACE;
  return (
    <figure className="bar-chart">
      <figcaption className="bar-chart-caption" id={titleId}>
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${titleId} ${descId}`} preserveAspectRatio="xMinYMin meet">
        <title>{title}</title>
        <desc id={descId}>{description}</desc>
        {items.map((item, i) => {
          const top = i * ROW + 4;
          const width = item.value === null ? 0 : Math.max(item.value > 0 ? 1.5 : 0, (Math.min(item.value, max) / max) * barSpace);
          return (
            <g key={`${item.label}-${i}`}>
              <text x={0} y={top + LABEL_SIZE} fontSize={LABEL_SIZE} fill="#1c1c1c" lang={lang}>
                {shorten(item.label)}
              </text>
              <rect x={0} y={top + 22} width={barSpace} height={BAR_HEIGHT} fill="#ebe7df" />
              {width > 0 ? <rect x={0} y={top + 22} width={width} height={BAR_HEIGHT} fill="#0b4f8a" /> : null}
              <text x={item.value === null ? 6 : barSpace + 6} y={top + 22 + BAR_HEIGHT - 2} fontSize={LABEL_SIZE} fill={item.value === null ? "#444444" : "#1c1c1c"} fontWeight={item.value === null ? 400 : 700}>
                {item.valueText}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
