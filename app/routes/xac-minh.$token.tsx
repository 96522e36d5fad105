import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useAccountT } from "../components/account-form";
import { currentUser } from "../services/auth.server";
import { verifyByLink } from "../services/identity/accounts.server";
import { accountTranslator } from "../services/identity/account-text.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Xác minh" }];

/**
 * The link in the verification mail. Opening it shows one button: mail scanners that fetch every
 * link must not spend the token, so the verification itself is the POST.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = accountTranslator(request);
  return json({ title: `${t("verify.title")} — Một Cửa` });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const result = await verifyByLink(context.services, params.token ?? "");
  if (!result.ok) return json({ error: result.error }, { status: 400 });
  const signedIn = await currentUser(context.services.database.db, request);
  return redirect(signedIn ? "/tai-khoan?thong-bao=verified" : "/dang-nhap?thong-bao=verified");
}

export default function VerifyByLink() {
  const t = useAccountT();
  const data = useActionData<typeof action>();
  return (
    <div className="card" style={{ maxWidth: "32rem", margin: "1rem auto" }}>
      <h1>{t("verify.title")}</h1>
      {data?.error ? (
        <>
          <p className="error-box" role="alert">
            {t("verify.linkFailed")}
          </p>
          <p>
            <Link to="/dang-nhap">{t("verify.goSignIn")}</Link>
          </p>
        </>
      ) : (
        <Form method="post">
          <p>
            <button type="submit" className="primary">
              {t("verify.submit")}
            </button>
          </p>
        </Form>
      )}
    </div>
  );
}
