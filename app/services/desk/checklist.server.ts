/**
 * The desk's checklist of the paper dossier (kiểm tra thành phần hồ sơ): per required document of
 * the procedure, whether it was presented, as original, copy or certified copy, how many, and why
 * it is missing. The documents come from the procedure, never from the form; the form only says
 * what the officer found. Walk-in intake and the reception of online and postal dossiers share it.
 */
import type { IntakeChecklistItem, RequiredDocument } from "../../../db/schema";
import type { ChecklistRow } from "../../desk-labels";

export const CHECKLIST_FIELD = /^checklist-\d{1,2}-(?:present|form|count|note)$/;
const FORMS = new Set(["original", "copy", "certifiedCopy"]);
const MAX_NOTE = 500;

export type ChecklistReading = { items: IntakeChecklistItem[]; errors: Record<string, string> };

/** Reads `checklist-<i>-present|form|count|note` for each of the procedure's documents. */
export function readChecklist(documents: RequiredDocument[], values: Record<string, string>): ChecklistReading {
  const errors: Record<string, string> = {};
  const items = documents.map((document, i): IntakeChecklistItem => {
    const field = (name: string) => (values[`checklist-${i}-${name}`] ?? "").trim();
    const present = field("present") === "yes";
    const note = field("note");
    if (note.length > MAX_NOTE) errors[`checklist-${i}-note`] = `Ghi chú của "${document.name}" quá dài (tối đa ${MAX_NOTE} ký tự).`;
    if (!present) return { name: document.name, required: document.required, present: false, form: null, count: 0, note: note || null };
    const form = field("form");
    if (!FORMS.has(form)) errors[`checklist-${i}-form`] = `Vui lòng chọn hình thức (bản chính, bản sao…) của "${document.name}".`;
    const countText = field("count") || "1";
    const count = /^\d{1,2}$/.test(countText) ? Number(countText) : NaN;
    if (!(count >= 1)) errors[`checklist-${i}-count`] = `Số lượng "${document.name}" phải là số từ 1 đến 99.`;
    return {
      name: document.name,
      required: document.required,
      present: true,
      form: FORMS.has(form) ? (form as IntakeChecklistItem["form"]) : null,
      count: count >= 1 ? count : 1,
      note: note || null,
    };
  });
  return { items, errors };
}

/** Required documents not presented: reception cannot go ahead without them. */
export function missingRequired(items: IntakeChecklistItem[]): string[] {
  return items.filter((i) => i.required && !i.present).map((i) => i.name);
}

/** What Mẫu 02 and Mẫu 03 list: every document not presented, with the officer's reason. */
export function missingWithReasons(items: IntakeChecklistItem[] | null | undefined): Array<{ document: string; reason: string }> {
  return (items ?? [])
    .filter((i) => !i.present && (i.required || i.note))
    .map((i) => ({ document: i.name, reason: i.note ?? "Chưa nộp" }));
}

/**
 * The rows a form shows: the procedure's documents, filled from what was typed (after an error), else
 * from the checklist already stored, else "presented" with the form the procedure asks for.
 */
export function checklistRows(
  documents: RequiredDocument[],
  stored: IntakeChecklistItem[] | null,
  typed: Record<string, string> | null,
): ChecklistRow[] {
  return documents.map((d, index) => {
    const base = { index, name: d.name, required: d.required, originals: d.originals, copies: d.copies };
    if (typed) {
      const field = (name: string) => typed[`checklist-${index}-${name}`] ?? "";
      const form = field("form");
      return {
        ...base,
        present: field("present") === "yes",
        form: FORMS.has(form) ? (form as IntakeChecklistItem["form"]) : null,
        count: Number(field("count")) || 1,
        note: field("note"),
      };
    }
    const kept = stored?.find((i) => i.name === d.name);
    if (kept) return { ...base, present: kept.present, form: kept.form, count: kept.count || 1, note: kept.note ?? "" };
    return { ...base, present: d.required, form: d.originals > 0 ? "original" : "copy", count: Math.max(1, d.originals + d.copies), note: "" };
  });
}

/** The event note a reception decision gets when the officer typed none: the missing documents. */
export function missingSummary(missing: Array<{ document: string; reason: string }>): string {
  return missing.map((m) => `${m.document}: ${m.reason}`).join("; ");
}
