/** Thanh toán trực tuyến: what the dossier owes and the form that sends the applicant to the payment platform. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { citizenTitle } from "../components/dossier/citizen-meta";
import { formatDateTime, formatMoney } from "../labels";
import { DossierActionError } from "../services/dossier-actions.server";
import { requireDossierForRequest } from "../services/dossier-route-access.server";
import { paymentSummary, PaymentUnavailable, startOnlinePayment } from "../services/payments/payments.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => citizenTitle(matches, "payment.metaTitle", data?.code ?? "");

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
  const { t } = useTranslation("dossier");
  return (
    <>
      <p>
        <Link to={`/ho-so/${code}`}>{t("payment.back", { code })}</Link>
      </p>
      <h1>{t("payment.title")}</h1>
      <dl className="facts">
        <dt>{t("payment.code")}</dt>
        <dd>{code}</dd>
        <dt>{t("payment.procedure")}</dt>
        <dd>
          {procedure.name} ({procedure.code})
        </dd>
        <dt>{t("payment.agency")}</dt>
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
            <caption className="visually-hidden">{t("payment.lines")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("payment.line")}</th>
                <th scope="col" className="amount">
                  {t("payment.amount")}
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
                <th scope="row">{t("payment.total")}</th>
                <td className="amount">
                  <strong data-testid="amount">{formatMoney(due.amount)}</strong>
                </td>
              </tr>
            </tfoot>
          </table>
          {!fees.online ? (
            <p className="hint" data-testid="no-online-payment">
              {t("payment.noOnline")}
            </p>
          ) : fees.mayPay ? (
            <Form method="post">
              <p className="hint">
                {t("payment.redirectHint")}
              </p>
              <button type="submit" className="button primary" disabled={busy}>
                {t("payment.pay", { amount: formatMoney(due.amount) })}
              </button>
            </Form>
          ) : (
            <p className="hint">{t("payment.ownerOnly")}</p>
          )}
        </section>
      ) : (
        <p className="notice" role="status">
          {t("payment.nothingDue")}
        </p>
      )}
      {fees.payments.length > 0 ? (
        <section className="card" aria-labelledby="history-title">
          <h2 id="history-title">{t("payment.history")}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("payment.time")}</th>
                <th scope="col" className="amount">
                  {t("payment.amount")}
                </th>
                <th scope="col">{t("payment.state")}</th>
                <th scope="col">{t("payment.transaction")}</th>
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
