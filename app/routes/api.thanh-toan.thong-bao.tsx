/**
 * The payment platform's server-to-server callback (thông báo kết quả thanh toán). Authenticated by
 * the message's checksum, not by a session; every check is in payments.server.ts.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { paymentCallbackAnswer } from "../services/payments/payments.server";

const MAX_BODY = 64 * 1024;

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ maLoi: "02", moTa: "Chỉ nhận POST." }, { status: 405 });
  const text = await request.text();
  if (text.length > MAX_BODY) return json({ maLoi: "02", moTa: "Nội dung quá lớn." }, { status: 413 });
  const answer = await paymentCallbackAnswer(context.services, text);
  return json(answer.body, { status: answer.status, headers: { "Cache-Control": "no-store" } });
}

export function loader() {
  return json({ maLoi: "02", moTa: "Chỉ nhận POST." }, { status: 405, headers: { Allow: "POST" } });
}
