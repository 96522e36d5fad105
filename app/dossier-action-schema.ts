/**
 * The action forms of the dossier page: one zod schema, a discriminated union on `intent`, used by
 * conform in the browser (before sending) and by the server (parseWithZod) alike. No server code
 * here: this module is in the browser bundle. Messages are Vietnamese.
 *
 * What the schema cannot know stays on the server: whether a date lies in the future (the
 * server's clock), the supplement file (uploads.server.ts), and everything the statechart and the
 * permissions decide. No `role` field exists: the role is the signed-in user's, set on the server.
 */
import { z } from "zod";

const MAX_NOTE = 2000;
const TOO_LONG = `Nội dung ghi chú quá dài (tối đa ${MAX_NOTE} ký tự).`;

const requiredNote = (message: string) => z.string({ error: message }).trim().min(1, message).max(MAX_NOTE, TOO_LONG);
const optionalNote = z.string().trim().max(MAX_NOTE, TOO_LONG).optional();

/** Every form carries these: the version the user saw, and a random id that makes a replay harmless. */
const common = {
  version: z.number({ error: "Biểu mẫu thiếu phiên bản hồ sơ; vui lòng tải lại trang." }).int(),
  transactionId: z
    .string({ error: "Biểu mẫu đã cũ; vui lòng tải lại trang và thực hiện lại." })
    .regex(/^[A-Za-z0-9-]{16,64}$/, "Biểu mẫu đã cũ; vui lòng tải lại trang và thực hiện lại."),
};

/** The unit (phòng) and person a hand-over or an assignment names; ids from the page's selects. Who may be named is the server's check. */
const pickedId = (message: string) => z.number({ error: message }).int(message).positive(message).optional();
const handOver = {
  unitId: pickedId("Phòng được chọn không hợp lệ."),
  assigneeUserId: pickedId("Người được chọn không hợp lệ."),
};

const simple = <T extends string>(intent: T) => z.object({ intent: z.literal(intent), note: optionalNote, ...common });

export const draftResultSchema = z.object({
  title: z.string().trim().min(1).max(300),
  fields: z
    .array(
      z.object({
        label: z.string().max(300),
        name: z.string().max(100).optional(),
        value: z.string({ error: "Vui lòng điền nội dung này của dự thảo kết quả." }).trim().min(1, "Vui lòng điền nội dung này của dự thảo kết quả.").max(MAX_NOTE),
      }),
    )
    .max(100),
});

export const dossierActionSchema = z.discriminatedUnion(
  "intent",
  [
    simple("RECEIVE"),
    z.object({ intent: z.literal("TRANSFER"), note: optionalNote, ...handOver, ...common }),
    /** Nhận xử lý: the signed-in officer takes the step for herself; the form names nobody. */
    simple("CLAIM"),
    /** Phân công: a unit and/or a person for the step the dossier is at. */
    z.object({ intent: z.literal("ASSIGN"), note: optionalNote, ...handOver, ...common }),
    simple("APPROVE"),
    simple("RETURN_RESULT"),
    simple("FORWARD_RETURNED"),
    simple("SUPPLEMENT_PROVIDED"),
    z.object({ intent: z.literal("COMPLETE_STEP"), note: optionalNote, draft: draftResultSchema.optional(), ...handOver, ...common }),
    z.object({ intent: z.literal("REFUSE"), note: requiredNote("Vui lòng nêu lý do từ chối tiếp nhận."), ...common }),
    z.object({
      intent: z.literal("REQUEST_SUPPLEMENT"),
      note: requiredNote("Vui lòng nêu rõ nội dung cần bổ sung, hoàn thiện."),
      deadline: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, "Hạn bổ sung phải là một ngày (ngày/tháng/năm).")
        .optional(),
      /** The procedure's documents that are missing: the applicant gets an upload for each. */
      documents: z.array(z.string().trim().min(1).max(300)).max(30).optional(),
      ...common,
    }),
    z.object({ intent: z.literal("SEND_BACK"), note: requiredNote("Vui lòng ghi lý do trả lại."), ...common }),
    z.object({ intent: z.literal("STOP"), note: requiredNote("Vui lòng nêu lý do dừng giải quyết hồ sơ."), ...common }),
    z.object({
      intent: z.literal("APOLOGISE"),
      newDueAt: z
        .string({ error: "Vui lòng nhập ngày, giờ hẹn trả kết quả mới." })
        .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Vui lòng nhập ngày, giờ hẹn trả kết quả mới."),
      note: requiredNote("Vui lòng nêu lý do chậm trả kết quả."),
      ...common,
    }),
    z.object({
      intent: z.literal("WITHDRAW"),
      note: optionalNote,
      confirm: z.literal("yes", { error: "Vui lòng đánh dấu xác nhận rút hồ sơ." }),
      ...common,
    }),
    z.object({
      intent: z.literal("FEE_PAID"),
      note: optionalNote,
      reference: z.string().trim().max(100, "Số biên lai quá dài.").optional(),
      ...common,
    }),
    z.object({
      intent: z.literal("FORWARD"),
      targetAgency: z.string({ error: "Vui lòng chọn cơ quan nhận hồ sơ liên thông." }).regex(/^\d{1,9}$/, "Vui lòng chọn cơ quan nhận hồ sơ liên thông."),
      note: optionalNote,
      ...common,
    }),
  ],
  { error: "Thao tác không hợp lệ." },
);

export type DossierActionForm = z.infer<typeof dossierActionSchema>;
export type DossierActionInput = z.input<typeof dossierActionSchema>;
export type DossierActionIntent = DossierActionForm["intent"];
export const FORM_INTENTS = dossierActionSchema.options.map((o) => o.shape.intent.value) as DossierActionIntent[];
