/** The acts that put a signature on a result (issue #8); shared by pages and services (no server code). */
export const SIGNING_ACTS = ["REVIEW_SIGNED", "APPROVE", "SEAL"] as const;
export type SigningAct = (typeof SIGNING_ACTS)[number];
export const isSigningAct = (type: string): type is SigningAct => (SIGNING_ACTS as readonly string[]).includes(type);

/** Each act goes through the signing page only: the document in view and a fresh confirmation. */
export const SIGNING_ACT_LABELS: Record<SigningAct, { title: string; button: string; done: string }> = {
  REVIEW_SIGNED: { title: "Ký nháy dự thảo kết quả", button: "Ký nháy và trình lãnh đạo ký", done: "Đã ký nháy dự thảo và trình lãnh đạo ký." },
  APPROVE: { title: "Phê duyệt và ký số kết quả", button: "Phê duyệt và ký số kết quả", done: "Đã phê duyệt và ký số kết quả." },
  SEAL: { title: "Đóng dấu số của cơ quan", button: "Đóng dấu số của cơ quan", done: "Đã đóng dấu số của cơ quan vào kết quả." },
};
