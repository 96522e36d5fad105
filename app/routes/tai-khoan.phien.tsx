import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useAccountT } from "../components/account-form";
import { requireUser } from "../services/auth.server";
import { readForm } from "../services/forms.server";
import { accountTranslator } from "../services/identity/account-text.server";
import { listSessions, revokeOtherSessions, revokeSession } from "../services/identity/sessions.server";
import { formatLocalDateTime } from "../time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Phiên đăng nhập" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const db = context.services.database.db;
  const user = await requireUser(db, request);
  const { t } = accountTranslator(request);
  const url = new URL(request.url);
  const sessions = await listSessions(db, request, user.id);
  const done = url.searchParams.get("thong-bao");
  const count = Number(url.searchParams.get("so") ?? 0);
  return json({
    title: `${t("sessions.title")} — Một Cửa`,
    notice: done === "revoked" ? t("sessions.revoked") : done === "others" ? t("sessions.revokedOthers", { count: Number.isFinite(count) ? count : 0 }) : done === "gone" ? t("sessions.notFound") : null,
    sessions: sessions.map((s) => ({
      id: s.id,
      device:
        s.device.browser && s.device.system
          ? t("sessions.on", { browser: s.device.browser, system: s.device.system })
          : (s.device.browser ?? s.device.system ?? t("sessions.unknownDevice")),
      created: formatLocalDateTime(s.createdAt),
      lastSeen: formatLocalDateTime(s.lastSeenAt),
      current: s.current,
    })),
  });
}

/** Ends one session of the signed-in person (by its handle) or every other one; checked against her own sessions. */
export async function action({ request, context }: ActionFunctionArgs) {
  const db = context.services.database.db;
  const user = await requireUser(db, request);
  const form = await readForm(request);
  if (form.get("intent") === "others") {
    const count = await revokeOtherSessions(db, request, user.id);
    return redirect(`/tai-khoan/phien?thong-bao=others&so=${count}`);
  }
  const ended = await revokeSession(db, user.id, String(form.get("session") ?? ""));
  return redirect(`/tai-khoan/phien?thong-bao=${ended ? "revoked" : "gone"}`);
}

export default function Sessions() {
  const t = useAccountT();
  const data = useLoaderData<typeof loader>();
  const others = data.sessions.filter((s) => !s.current);
  return (
    <div>
      <h1>{t("sessions.title")}</h1>
      <p className="lead">{t("sessions.lead")}</p>
      {data.notice ? (
        <p className="notice" role="status">
          {data.notice}
        </p>
      ) : null}
      <ul className="session-list" aria-label={t("sessions.caption")} style={{ listStyle: "none", padding: 0 }}>
        {data.sessions.map((s) => (
          <li key={s.id} className="card" data-testid={s.current ? "session-current" : "session"}>
            <p>
              <strong>{s.device}</strong> {s.current ? <span className="status status-9">{t("sessions.thisDevice")}</span> : null}
            </p>
            <dl>
              <dt>{t("sessions.created")}</dt>
              <dd>{s.created}</dd>
              <dt>{t("sessions.lastSeen")}</dt>
              <dd>{s.lastSeen}</dd>
            </dl>
            {s.current ? null : (
              <Form method="post">
                <input type="hidden" name="session" value={s.id} />
                <button type="submit" className="danger" aria-label={t("sessions.revokeLabel", { device: s.device, created: s.created })}>
                  {t("sessions.revoke")}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      {others.length ? (
        <Form method="post">
          <input type="hidden" name="intent" value="others" />
          <p>
            <button type="submit" className="danger">
              {t("sessions.revokeOthers")}
            </button>
          </p>
        </Form>
      ) : (
        <p>{t("sessions.onlyThis")}</p>
      )}
      <p>
        <Link to="/tai-khoan">{t("sessions.back")}</Link>
      </p>
    </div>
  );
}
