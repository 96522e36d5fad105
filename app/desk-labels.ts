/** Vietnamese labels of the desk's intake and return (no server code: safe in the browser bundle). */
import type { IntakeChecklistItem } from "../db/schema";

export const DOCUMENT_FORM_NAMES: Record<NonNullable<IntakeChecklistItem["form"]>, string> = {
  original: "Bản chính",
  copy: "Bản sao",
  certifiedCopy: "Bản sao chứng thực",
};

export const CHANNEL_NAMES: Record<1 | 2 | 3, string> = { 1: "Trực tiếp tại Bộ phận Một cửa", 2: "Trực tuyến", 3: "Qua bưu chính công ích" };

/** The recipient's relation to the applicant when a result is handed over at the desk. */
export const HANDOVER_RELATIONS = {
  self: "Chính người nộp hồ sơ",
  authorised: "Người được ủy quyền",
  legalRepresentative: "Người đại diện theo pháp luật",
  family: "Thành viên gia đình",
} as const;
export type HandoverRelation = keyof typeof HANDOVER_RELATIONS;

export function relationName(value: string): string {
  return (HANDOVER_RELATIONS as Record<string, string>)[value] ?? value;
}

/** One row of the checklist as a page shows it: the document's facts and what the desk found. */
export type ChecklistRow = {
  index: number;
  name: string;
  required: boolean;
  originals: number;
  copies: number;
  present: boolean;
  form: IntakeChecklistItem["form"];
  count: number;
  note: string;
};
