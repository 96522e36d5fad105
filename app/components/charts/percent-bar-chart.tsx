/**
 * Horizontal bars of percentages (0–100), drawn on the server as SVG: one bar per item with its label
 * above it (wrapped, since SVG text does not wrap) and its value at the end; an empty denominator
 * shows a dash instead of a bar. Scales through the viewBox; the data table is the text alternative.
 */
import { ChartDataTable } from "./chart-data-table";
import { wrapText } from "./scale";

export type PercentItem = { key: string; label: string; percent: number | null; detail?: string };

export type PercentBarChartProps = {
  id: string;
  title: string;
  description: string;
  items: PercentItem[];
  tableSummary: string;
  labelHead: string;
  valueHead: string;
  formatPercent: (value: number | null) => string;
};

// About a phone's content width, so that 11-unit text reads at about 11 px there.
const WIDTH = 310;
const LABEL_CHARS = 50;
const LINE = 13;
const BAR = 14;
const GAP = 10;
const VALUE_SPACE = 50;

export function PercentBarChart(props: PercentBarChartProps) {
  const { id, title, description, items, tableSummary, labelHead, valueHead, formatPercent } = props;
  const laid = items.reduce<Array<{ item: PercentItem; lines: string[]; top: number }>>((acc, item) => {
    const previous = acc.at(-1);
    const top = previous ? previous.top + previous.lines.length * LINE + BAR + GAP : 4;
    acc.push({ item, lines: wrapText(item.label, LABEL_CHARS), top });
    return acc;
  }, []);
  const last = laid.at(-1);
  const height = last ? last.top + last.lines.length * LINE + BAR + GAP : 20;
  const barSpace = WIDTH - VALUE_SPACE;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="chart-svg" preserveAspectRatio="xMidYMid meet">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {laid.map(({ item, lines, top }) => {
          const barTop = top + lines.length * LINE + 2;
          const percent = item.percent;
          return (
            <g key={item.key}>
              {lines.map((line, i) => (
                <text key={i} x={0} y={top + (i + 1) * LINE - 3} className="chart-label">
                  {line}
                </text>
              ))}
              <rect x={0} y={barTop} width={barSpace} height={BAR} className="chart-track" />
              {percent !== null ? <rect x={0} y={barTop} width={(Math.min(100, Math.max(0, percent)) / 100) * barSpace} height={BAR} className="chart-fill-accent" /> : null}
              <text x={barSpace + 4} y={barTop + BAR - 3} className="chart-value">
                {formatPercent(percent)}
              </text>
            </g>
          );
        })}
      </svg>
      <ChartDataTable
        summary={tableSummary}
        caption={title}
        head={[labelHead, valueHead]}
        rows={items.map((item) => [item.label, item.detail ? `${formatPercent(item.percent)} (${item.detail})` : formatPercent(item.percent)])}
      />
    </figure>
  );
}
