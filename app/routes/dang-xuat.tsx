import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { currentUser, logout } from "../services/auth.server";
import { readForm } from "../services/forms.server";

export const meta: MetaFunction = () => [{ title: "Đăng xuất — Một Cửa Thái Bình" }];

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
  return null;
}

export default function SignOut() {
  return (
    <div className="card" style={{ maxWidth: "32rem", margin: "1rem auto" }}>
      <h1>Đăng xuất</h1>
      <p>Nếu bạn đã đăng nhập trên máy khác (máy dùng chung, điện thoại bị mất), hãy đăng xuất mọi nơi: mọi phiên đăng nhập của tài khoản sẽ kết thúc.</p>
      <Form method="post">
        <p>
          <button type="submit" className="primary">
            Đăng xuất trên máy này
          </button>
        </p>
      </Form>
      <Form method="post">
        <input type="hidden" name="everywhere" value="1" />
        <p>
          <button type="submit" className="danger">
            Đăng xuất mọi nơi
          </button>
        </p>
      </Form>
    </div>
  );
}
