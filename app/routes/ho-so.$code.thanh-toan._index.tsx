/** Thanh toán trực tuyến: what the dossier owes and the form that sends the applicant to the payment platform. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatDateTime, formatMoney } from "../labels";
import { DossierActionError } from "../services/dossier-actions.server";
import { requireDossierForRequest } from "../services/dossier-route-access.server";
import { paymentSummary, PaymentUnavailable, startOnlinePayment } from "../services/payments/payments.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Thanh toán trực tuyến — Hồ sơ ${data.code} — Một Cửa Thái Bình` : "Thanh toán trực tuyến" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, detail } = await requireDossierForRequest(context.services, request, params.code ?? "", "read");
  return json({
    code: detail.dossier.code,
    procedure: { code: detail.procedure.code, name: detail.procedure.name },
    agencyName: detail.agency.name,
    fees: await paymentSummary(context.services, user, detail),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireDossierForRequest(context.services, request, params.code ?? "", "read");
  try {
    const { paymentUrl } = await startOnlinePayment(context.services, user, params.code ?? "");
    // 303: the browser leaves for the payment platform's page with a GET.
    return redirect(paymentUrl, 303);
  } catch (error) {
    if (error instanceof DossierActionError || error instanceof PaymentUnavailable) {
      return json({ error: error.message }, { status: error.status });
    }
    throw error;
  }
}

export default function PaymentPage() {
  const { code, procedure, agencyName, fees } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const due = fees.due;
  return (
    <>
      <p>
        <Link to={`/ho-so/${code}`}>← Hồ sơ {code}</Link>
      </p>
      <h1>Thanh toán trực tuyến phí, lệ phí</h1>
      <dl className="facts">
        <dt>Mã hồ sơ</dt>
        <dd>{code}</dd>
        <dt>Thủ tục</dt>
        <dd>
          {procedure.name} ({procedure.code})
        </dd>
        <dt>Cơ quan thu</dt>
        <dd>{agencyName}</dd>
      </dl>
      {reply?.error ? (
        <div className="error-box" role="alert">
          {reply.error}
        </div>
      ) : null}
      {due ? (
        <section className="card" aria-labelledby="due-title">
          <h2 id="due-title">{due.title}</h2>
          <table>
            <caption className="visually-hidden">Các khoản phí, lệ phí</caption>
            <thead>
              <tr>
                <th scope="col">Khoản thu</th>
                <th scope="col" className="amount">
                  Số tiền
                </th>
              </tr>
            </thead>
            <tbody>
              {due.feeLines.map((line) => (
                <tr key={line.name}>
                  <td>{line.name}</td>
                  <td className="amount">{formatMoney(line.amount)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Tổng cộng</th>
                <td className="amount">
                  <strong data-testid="amount">{formatMoney(due.amount)}</strong>
                </td>
              </tr>
            </tfoot>
          </table>
          {!fees.online ? (
            <p className="hint" data-testid="no-online-payment">
              Cổng chưa kết nối Nền tảng thanh toán trực tuyến. Ông/Bà vui lòng nộp phí, lệ phí tại Bộ phận Tiếp nhận và Trả kết quả; cán bộ sẽ xác nhận
              trên hồ sơ.
            </p>
          ) : fees.mayPay ? (
            <Form method="post">
              <p className="hint">
                Ông/Bà sẽ được chuyển tới trang của Nền tảng thanh toán trên Cổng Dịch vụ công quốc gia để thanh toán, rồi quay lại trang này. Biên lai
                điện tử được cấp ngay khi thanh toán thành công.
              </p>
              <button type="submit" className="button primary" disabled={busy}>
                Thanh toán {formatMoney(due.amount)}
              </button>
            </Form>
          ) : (
            <p className="hint">Chỉ người nộp hồ sơ mới thanh toán trực tuyến được.</p>
          )}
        </section>
      ) : (
        <p className="notice" role="status">
          Hồ sơ không có khoản phí, lệ phí nào cần thanh toán lúc này.
        </p>
      )}
      {fees.payments.length > 0 ? (
        <section className="card" aria-labelledby="history-title">
          <h2 id="history-title">Các lần thanh toán</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Thời gian</th>
                <th scope="col" className="amount">
                  Số tiền
                </th>
                <th scope="col">Trạng thái</th>
                <th scope="col">Mã giao dịch</th>
              </tr>
            </thead>
            <tbody>
              {fees.payments.map((p) => (
                <tr key={p.orderId}>
                  <td>{formatDateTime(p.paidAt ?? p.createdAt)}</td>
                  <td className="amount">{formatMoney(p.amount)}</td>
                  <td>{p.stateName}</td>
                  <td>{p.transactionId ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}
