/**
 * The server-drawn charts (issue 12): an image with a title and a description that screen readers
 * announce, scaling through its viewBox (no fixed width), its figures also in a table, and round axis
 * steps whatever the data.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PercentBarChart } from "./percent-bar-chart";
import { axis, wrapText } from "./scale";
import { StackedBarChart } from "./stacked-bar-chart";

describe("chart scale", () => {
  it("chooses round whole steps and a top at or above the largest value", () => {
    expect(axis(0)).toEqual({ top: 1, ticks: [0, 1] });
    expect(axis(3)).toEqual({ top: 3, ticks: [0, 1, 2, 3] });
    expect(axis(7)).toEqual({ top: 8, ticks: [0, 2, 4, 6, 8] });
    expect(axis(2640)).toEqual({ top: 3000, ticks: [0, 1000, 2000, 3000] });
    expect(axis(41)).toEqual({ top: 60, ticks: [0, 20, 40, 60] });
  });

  it("wraps text between words", () => {
    expect(wrapText("Tỷ lệ hồ sơ tiếp nhận trực tuyến (một phần và toàn trình)", 30)).toEqual(["Tỷ lệ hồ sơ tiếp nhận trực", "tuyến (một phần và toàn trình)"]);
  });
});

describe("charts", () => {
  it("the stacked bar chart is a labelled image that scales, with its data table", () => {
    const html = renderToStaticMarkup(
      createElement(StackedBarChart, {
        id: "xu-huong",
        title: "Xu hướng theo tháng",
        description: "Trước hạn, đúng hạn, trễ hạn mỗi tháng",
        categories: ["11", "12"],
        subLabels: ["2026", ""],
        series: [
          { key: "early", label: "Trước hạn", values: [3, 5], tone: "good" },
          { key: "late", label: "Trễ hạn", values: [1, 0], tone: "bad" },
        ],
        tableSummary: "Bảng số liệu của biểu đồ",
        categoryHead: "Tháng",
      }),
    );
    expect(html).toMatch(/<svg viewBox="0 0 \d+ \d+" role="img" aria-labelledby="xu-huong-title xu-huong-desc"/);
    expect(html).not.toMatch(/<svg[^>]* width=/);
    expect(html).toContain('<title id="xu-huong-title">Xu hướng theo tháng</title>');
    expect(html).toContain('<desc id="xu-huong-desc">Trước hạn, đúng hạn, trễ hạn mỗi tháng</desc>');
    // Three segments drawn (a zero draws none), and the numbers in the table.
    expect(html.match(/<rect /g)).toHaveLength(3);
    expect(html).toContain("<details");
    expect(html).toMatch(/<th scope="row">11\/2026<\/th><td class="num">3<\/td><td class="num">1<\/td>/);
  });

  it("the percentage chart draws no bar for an empty denominator and says so", () => {
    const html = renderToStaticMarkup(
      createElement(PercentBarChart, {
        id: "ty-le",
        title: "Tỷ lệ",
        description: "Tỷ lệ theo chỉ số",
        items: [
          { key: "a", label: "Trực tuyến", percent: 62.5 },
          { key: "b", label: "Hài lòng", percent: null },
        ],
        tableSummary: "Bảng",
        labelHead: "Chỉ số",
        valueHead: "%",
        formatPercent: (v) => (v === null ? "—" : `${v} %`),
      }),
    );
    expect(html).toContain('role="img" aria-labelledby="ty-le-title ty-le-desc"');
    // Two tracks and one bar.
    expect(html.match(/<rect /g)).toHaveLength(3);
    expect(html).toContain("62.5 %");
    expect(html).toContain("—");
  });
});
