import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { currentUser, logout } from "../services/auth.server";
import { readForm } from "../services/forms.server";
import { accountTranslator } from "../services/identity/account-text.server";
import { useAccountT } from "../components/account-form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Đăng xuất" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const setCookie = await logout(context.services.database.db, request, {
    secure: context.services.config.https,
    everywhere: form.get("everywhere") === "1",
  });
  return redirect("/", { headers: { "Set-Cookie": setCookie } });
}

/** The page behind "Đăng xuất mọi nơi": end this session only, or every session of the account. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!(await currentUser(context.services.database.db, request))) throw redirect("/");
  return json({ title: `${accountTranslator(request).t("signOut.title")} — Một Cửa` });
}

export default function SignOut() {
  const t = useAccountT();
  return (
    <div className="card" style={{ maxWidth: "32rem", margin: "1rem auto" }}>
      <h1>{t("signOut.title")}</h1>
      <p>{t("signOut.lead")}</p>
      <Form method="post">
        <p>
          <button type="submit" className="primary">
            {t("signOut.here")}
          </button>
        </p>
      </Form>
      <Form method="post">
        <input type="hidden" name="everywhere" value="1" />
        <p>
          <button type="submit" className="danger">
            {t("signOut.everywhere")}
          </button>
        </p>
      </Form>
    </div>
  );
}
