/** The text alternative of a chart: its figures as a table, folded under a summary (works without JS). */
export type ChartTableProps = {
  summary: string;
  caption: string;
  head: string[];
  rows: Array<Array<string | number>>;
};

export function ChartDataTable({ summary, caption, head, rows }: ChartTableProps) {
  return (
    <details className="chart-data">
      <summary>{summary}</summary>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {head.map((h, i) => (
                <th key={h} scope="col" className={i > 0 ? "num" : undefined}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={String(row[0])}>
                {row.map((cell, i) =>
                  i === 0 ? (
                    <th key={i} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={i} className="num">
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
