/**
 * The payment platform sends the citizen back here. What the page says comes from the database;
 * the query string only names the order (and, with a valid checksum, lets us ask the platform).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { and, eq } from "drizzle-orm";
import { attachments } from "../../db/schema";
import { formatDateTime, formatMoney } from "../labels";
import { DossierActionError } from "../services/dossier-actions.server";
import { requireDossierForRequest } from "../services/dossier-route-access.server";
import { paymentReturn } from "../services/payments/payments.server";

const TITLES = {
  paid: "Thanh toán thành công",
  cancelled: "Giao dịch đã bị hủy",
  failed: "Thanh toán không thành công",
  pending: "Đang chờ xác nhận thanh toán",
} as const;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${TITLES[data.outcome]} — Một Cửa Thái Bình` : "Kết quả thanh toán" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { services } = context;
  const { user } = await requireDossierForRequest(services, request, params.code ?? "", "read");
  try {
    const { outcome, payment, dossierCode } = await paymentReturn(services, user, params.code ?? "", new URL(request.url).searchParams);
    const [receipt] = payment.eventId
      ? await services.database.db
          .select({ id: attachments.id })
          .from(attachments)
          .where(and(eq(attachments.dossierId, payment.dossierId), eq(attachments.kind, "feeReceipt"), eq(attachments.eventId, payment.eventId)))
      : [];
    return json({
      outcome,
      code: dossierCode,
      amount: payment.amount,
      transactionId: payment.gatewayTransactionId,
      paidAt: payment.paidAt,
      receiptId: receipt?.id ?? null,
      retryUrl: new URL(request.url).pathname + new URL(request.url).search,
    });
  } catch (error) {
    if (error instanceof DossierActionError) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

export default function PaymentResult() {
  const data = useLoaderData<typeof loader>();
  const dossierLink = `/ho-so/${data.code}`;
  return (
    <>
      <h1 data-testid="payment-outcome">{TITLES[data.outcome]}</h1>
      <div className={data.outcome === "paid" ? "notice" : "card"} role="status">
        {data.outcome === "paid" ? (
          <>
            <p>
              Hồ sơ <strong>{data.code}</strong> đã được thanh toán <strong>{formatMoney(data.amount)}</strong>
              {data.paidAt ? ` lúc ${formatDateTime(data.paidAt)}` : ""}. Mã giao dịch: <strong>{data.transactionId}</strong>.
            </p>
            {data.receiptId ? (
              <p>
                <a className="button" href={`/ho-so/${data.code}/tep/${data.receiptId}`} download data-testid="fee-receipt">
                  Tải biên lai điện tử (PDF có chữ ký số)
                </a>
              </p>
            ) : null}
          </>
        ) : null}
        {data.outcome === "cancelled" ? <p>Ông/Bà đã hủy giao dịch; chưa có khoản tiền nào được thu. Ông/Bà có thể thanh toán lại bất cứ lúc nào.</p> : null}
        {data.outcome === "failed" ? <p>Giao dịch không thành công; chưa có khoản tiền nào được thu. Vui lòng thử lại hoặc nộp tại Bộ phận Một cửa.</p> : null}
        {data.outcome === "pending" ? (
          <p>
            Nền tảng thanh toán chưa gửi kết quả giao dịch. Nếu Ông/Bà đã thanh toán, kết quả sẽ được cập nhật trong ít phút. <Link to={data.retryUrl}>Tải lại trang</Link>
          </p>
        ) : null}
      </div>
      <p className="actions">
        {data.outcome === "cancelled" || data.outcome === "failed" ? (
          <Link className="button primary" to={`${dossierLink}/thanh-toan`}>
            Thanh toán lại
          </Link>
        ) : null}
        <Link className="button" to={dossierLink}>
          Về trang hồ sơ
        </Link>
      </p>
    </>
  );
}
