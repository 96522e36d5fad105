/**
 * The indicator groups of Decision 766/QĐ-TTg (2022) as this portal can measure them from its own
 * dossiers (DOMAIN §8): each indicator is a ratio of two measures, shown with its formula, its
 * numerator and denominator, each of which links to the dossiers behind it. The dashboard's shares,
 * the indicator page, the public statistics and the periodic report all read this one list.
 */
import type { Measure } from "./measures.server";

export const INDICATOR_GROUPS = ["transparency", "progress", "onlineService", "onlinePayment", "digitisation", "satisfaction"] as const;
export type IndicatorGroup = (typeof INDICATOR_GROUPS)[number];

export const INDICATOR_GROUP_LABELS: Record<IndicatorGroup, string> = {
  transparency: "Công khai, minh bạch",
  progress: "Tiến độ giải quyết",
  onlineService: "Dịch vụ công trực tuyến",
  onlinePayment: "Thanh toán trực tuyến",
  digitisation: "Số hoá hồ sơ",
  satisfaction: "Mức độ hài lòng",
};

export const INDICATOR_GROUP_LABELS_EN: Record<IndicatorGroup, string> = {
  transparency: "Transparency",
  progress: "Progress",
  onlineService: "Online service",
  onlinePayment: "Online payment",
  digitisation: "Digitisation",
  satisfaction: "Satisfaction",
};

export type IndicatorDefinition = {
  key: string;
  group: IndicatorGroup;
  label: string;
  labelEn: string;
  /** Numerator: these measures summed. */
  numerator: readonly Measure[];
  denominator: Measure;
  /** The formula in words, as printed beside the value. */
  formula: string;
  formulaEn: string;
};

export const INDICATORS: readonly IndicatorDefinition[] = [
  {
    key: "synced",
    group: "transparency",
    label: "Tỷ lệ hồ sơ đồng bộ trạng thái lên Cổng Dịch vụ công quốc gia",
    labelEn: "Dossiers whose status reached the national portal",
    numerator: ["synced"],
    denominator: "entered",
    formula: "Số hồ sơ đã đồng bộ ÷ Tổng số hồ sơ × 100%",
    formulaEn: "Dossiers synced ÷ all dossiers × 100%",
  },
  {
    key: "onTime",
    group: "progress",
    label: "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn",
    labelEn: "Dossiers resolved early or on time",
    numerator: ["early", "onTime"],
    denominator: "resolved",
    formula: "(Số hồ sơ trước hạn + Số hồ sơ đúng hạn) ÷ Số hồ sơ đã giải quyết × 100%",
    formulaEn: "(Early + on time) ÷ resolved × 100%",
  },
  {
    key: "openNotOverdue",
    group: "progress",
    label: "Tỷ lệ hồ sơ đang giải quyết còn trong hạn",
    labelEn: "Dossiers in progress still within their time",
    numerator: ["openWithinTime"],
    denominator: "inProgress",
    formula: "Số hồ sơ đang giải quyết trong hạn ÷ Số hồ sơ đang giải quyết × 100%",
    formulaEn: "In progress within time ÷ in progress × 100%",
  },
  {
    key: "online",
    group: "onlineService",
    label: "Tỷ lệ hồ sơ tiếp nhận trực tuyến (một phần và toàn trình)",
    labelEn: "Dossiers received online (partly and fully)",
    numerator: ["onlinePartial", "onlineFull"],
    denominator: "received",
    formula: "(Trực tuyến một phần + Trực tuyến toàn trình) ÷ Số hồ sơ đã tiếp nhận × 100%",
    formulaEn: "(Partly + fully online) ÷ received × 100%",
  },
  {
    key: "onlineFull",
    group: "onlineService",
    label: "Tỷ lệ hồ sơ trực tuyến toàn trình",
    labelEn: "Dossiers fully online",
    numerator: ["onlineFull"],
    denominator: "received",
    formula: "Số hồ sơ trực tuyến toàn trình ÷ Số hồ sơ đã tiếp nhận × 100%",
    formulaEn: "Fully online ÷ received × 100%",
  },
  {
    key: "paidOnline",
    group: "onlinePayment",
    label: "Tỷ lệ hồ sơ thanh toán trực tuyến",
    labelEn: "Dossiers with the fee paid online",
    numerator: ["paidOnline"],
    denominator: "feeDue",
    formula: "Số hồ sơ thanh toán trực tuyến ÷ Số hồ sơ phải nộp phí, lệ phí × 100%",
    formulaEn: "Paid online ÷ dossiers with a fee × 100%",
  },
  {
    key: "digitised",
    group: "digitisation",
    label: "Tỷ lệ hồ sơ được số hoá thành phần hồ sơ",
    labelEn: "Dossiers with digitised documents",
    numerator: ["digitised"],
    denominator: "received",
    formula: "Số hồ sơ có thành phần được số hoá ÷ Số hồ sơ đã tiếp nhận × 100%",
    formulaEn: "Dossiers with digitised documents ÷ received × 100%",
  },
  {
    key: "resultDigitised",
    group: "digitisation",
    label: "Tỷ lệ kết quả giải quyết được số hoá (kết quả điện tử)",
    labelEn: "Results issued electronically",
    numerator: ["resultDigitised"],
    denominator: "resolved",
    formula: "Số kết quả điện tử ÷ Số hồ sơ đã giải quyết × 100%",
    formulaEn: "Electronic results ÷ resolved × 100%",
  },
  {
    key: "satisfied",
    group: "satisfaction",
    label: "Tỷ lệ người dân hài lòng",
    labelEn: "Citizens satisfied",
    numerator: ["satisfied"],
    denominator: "rated",
    formula: "Số đánh giá 4–5 sao ÷ Số hồ sơ được đánh giá × 100%",
    formulaEn: "Ratings of 4–5 stars ÷ rated dossiers × 100%",
  },
];

export type IndicatorValue = {
  definition: IndicatorDefinition;
  numerator: number;
  denominator: number;
  /** Percent with one decimal; null when the denominator is 0 (no dossier to judge). */
  percent: number | null;
};

/** Percent with one decimal, rounded half up; null for an empty denominator. */
export function percentOf(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return Math.round((numerator * 1000) / denominator) / 10;
}

/** Values of every indicator from a row of summed measures. */
export function indicatorValues(totals: Record<Measure, number>): IndicatorValue[] {
  return INDICATORS.map((definition) => {
    const numerator = definition.numerator.reduce((sum, m) => sum + totals[m], 0);
    const denominator = totals[definition.denominator];
    return { definition, numerator, denominator, percent: percentOf(numerator, denominator) };
  });
}
