import type { LoaderFunctionArgs } from "@remix-run/node";
import { documentTemplate } from "../services/admin/procedures.server";
import { downloadResponse } from "../services/downloads.server";

/** A procedure's form template (mẫu đơn, tờ khai), public like the procedure page; only files the procedure names. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const sha = params.sha ?? "";
  if (!/^[0-9a-f]{64}$/.test(sha)) throw new Response("Không tìm thấy mẫu đơn.", { status: 404 });
  const template = await documentTemplate(context.services, params.code ?? "", sha);
  if (!template) throw new Response("Không tìm thấy mẫu đơn.", { status: 404 });
  return downloadResponse(template.bytes, template);
}
