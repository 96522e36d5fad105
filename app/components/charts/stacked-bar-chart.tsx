/**
 * A vertical stacked bar chart drawn on the server as SVG (issue 12): one bar per category (a month),
 * one segment per series. It scales with its container through the viewBox (no fixed width), so it
 * reads on a 375 px phone and on a desktop; it is an image with a title and a description, and the
 * figures themselves are in the data table beside it (the text alternative). The legend is HTML so
 * that it wraps and takes the reader's text size.
 */
import { ChartDataTable } from "./chart-data-table";
import { axis } from "./scale";

export type ChartSeries = { key: string; label: string; values: number[]; tone: ChartTone };
export type ChartTone = "good" | "ok" | "bad" | "neutral" | "accent";

export type StackedBarChartProps = {
  /** Unique on the page: ids of the title and description derive from it. */
  id: string;
  title: string;
  description: string;
  /** One label per bar; `subLabels` (e.g. the year) are printed under them where not empty. */
  categories: string[];
  subLabels?: string[];
  series: ChartSeries[];
  /** The data table's summary ("Bảng số liệu của biểu đồ") and its first column's head. */
  tableSummary: string;
  categoryHead: string;
  formatNumber?: (value: number) => string;
  /** A text alternative of the page's own (e.g. the exported table) instead of the built-in table. */
  alternative?: React.ReactNode;
};

// About a phone's content width, so that 11-unit text reads at about 11 px there.
const WIDTH = 310;
const HEIGHT = 200;
const LEFT = 36;
const RIGHT = 6;
const TOP = 10;
const BOTTOM = 36;

export function StackedBarChart(props: StackedBarChartProps) {
  const { id, title, description, categories, subLabels, series, tableSummary, categoryHead } = props;
  const format = props.formatNumber ?? ((v: number) => String(v));
  const stackTotals = categories.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const { top: max, ticks } = axis(Math.max(0, ...stackTotals));
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = plotWidth / Math.max(1, categories.length);
  const barWidth = Math.min(26, slot * 0.7);
  const y = (value: number) => TOP + plotHeight - (value / max) * plotHeight;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${titleId} ${descId}`} className="chart-svg" preserveAspectRatio="xMidYMid meet">
        <title id={titleId}>{title}</title>
        <desc id={descId}>{description}</desc>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(tick)} y2={y(tick)} className="chart-grid" />
            <text x={LEFT - 4} y={y(tick) + 3.5} textAnchor="end" className="chart-axis">
              {format(tick)}
            </text>
          </g>
        ))}
        {categories.map((category, i) => {
          const x = LEFT + slot * i + (slot - barWidth) / 2;
          let base = 0;
          return (
            <g key={`${category}-${i}`}>
              {series.map((s) => {
                const value = s.values[i] ?? 0;
                if (value <= 0) return null;
                const top = y(base + value);
                const height = y(base) - top;
                base += value;
                return <rect key={s.key} x={x} y={top} width={barWidth} height={height} className={`chart-fill-${s.tone}`} />;
              })}
              <text x={x + barWidth / 2} y={HEIGHT - BOTTOM + 13} textAnchor="middle" className="chart-axis">
                {category}
              </text>
              {subLabels?.[i] ? (
                <text x={x + barWidth / 2} y={HEIGHT - BOTTOM + 26} textAnchor="middle" className="chart-axis chart-axis-sub">
                  {subLabels[i]}
                </text>
              ) : null}
            </g>
          );
        })}
        <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(0)} y2={y(0)} className="chart-baseline" />
      </svg>
      <figcaption>
        <ul className="chart-legend">
          {series.map((s) => (
            <li key={s.key}>
              <span className={`chart-swatch chart-fill-${s.tone}`} aria-hidden="true" />
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
      {props.alternative ?? (
      <ChartDataTable
        summary={tableSummary}
        caption={title}
        head={[categoryHead, ...series.map((s) => s.label)]}
        rows={categories.map((category, i) => [subLabels?.[i] ? `${category}/${subLabels[i]}` : category, ...series.map((s) => format(s.values[i] ?? 0))])}
      />
      )}
    </figure>
  );
}
