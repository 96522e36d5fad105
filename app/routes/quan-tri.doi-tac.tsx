import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatDateTime } from "../labels";
import { readForm } from "../services/forms.server";
import { inAdminTransaction, recordAdminChange, type AuditValue } from "../services/admin/audit.server";
import { requirePermission } from "../services/permissions.server";
import {
  createPartner,
  issueApiKey,
  issueWebhookSecret,
  listPartners,
  PartnerAdminError,
  partnerOverview,
  revokeApiKey,
  revokeWebhookSecret,
  rotateApiKey,
} from "../services/postal/partners.server";

export const meta: MetaFunction = () => [{ title: "Đối tác bưu chính — Quản trị" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.services, request, "manage:partner:all");
  const { db } = context.services.database;
  const partners = await listPartners(db);
  const overviews = await Promise.all(partners.map((p) => partnerOverview(db, p.id)));
  return json({ partners: overviews.filter((o) => o !== null) });
}

type ActionData = { done: string | null; errors: Record<string, string>; values: Record<string, string> | null; shown: { label: string; value: string } | null };
const answer = (data: Partial<ActionData>, status = 200) => json({ done: null, errors: {}, values: null, shown: null, ...data } satisfies ActionData, { status });

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePermission(context.services, request, "manage:partner:all");
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  const partnerId = Number(text("partnerId"));
  const itemId = Number(text("id"));
  const overlap = Number(text("overlapHours") || "24");
  // Each change and its audit row in one transaction; the audit names keys and secrets by prefix only.
  const audited = <T,>(work: (db: Parameters<Parameters<typeof inAdminTransaction>[1]>[0], audit: (action: string, before: AuditValue, after: AuditValue) => Promise<void>) => Promise<T>) =>
    inAdminTransaction(context.services, (tx) =>
      work(tx, (action, before, after) => recordAdminChange(tx, admin.id, "partner", partnerId ? `#${partnerId}` : "mới", action, before, after)),
    );
  try {
    switch (text("intent")) {
      case "create": {
        const values = { name: text("name"), code: text("code"), endpointUrl: text("endpointUrl") };
        const created = await inAdminTransaction(context.services, async (tx) => {
          const outcome = await createPartner(tx, values);
          if (!outcome.ok) return { outcome, secret: null };
          const { secret, record } = await issueWebhookSecret(tx, outcome.value.id);
          const { id: _id, createdAt: _at, ...partner } = outcome.value;
          await recordAdminChange(tx, admin.id, "partner", outcome.value.code, "create", null, { ...partner, signingKeyPrefix: record.prefix });
          return { outcome, secret };
        });
        if (!created.outcome.ok) return answer({ errors: created.outcome.errors, values }, 400);
        return answer({ done: `Đã tạo đối tác ${created.outcome.value.name}.`, shown: { label: "Khoá bí mật ký webhook (chỉ hiện một lần)", value: created.secret! } });
      }
      case "issue-key": {
        const scopes = form.getAll("scopes").map(String);
        const key = await audited(async (db, audit) => {
          const issued = await issueApiKey(db, partnerId, scopes);
          await audit("issue-key", null, { keyId: issued.record.id, prefix: issued.record.prefix, scopes: issued.record.scopes });
          return issued.key;
        });
        return answer({ done: "Đã cấp khoá API mới.", shown: { label: "Khoá API (chỉ hiện một lần)", value: key } });
      }
      case "rotate-key": {
        const rotated = await audited(async (db, audit) => {
          const r = await rotateApiKey(db, partnerId, itemId, overlap);
          await audit("rotate-key", { keyId: itemId, expiresAt: null }, { keyId: itemId, expiresAt: r.oldExpiresAt.toISOString(), newKeyId: r.record.id, newPrefix: r.record.prefix });
          return r;
        });
        return answer({
          done: `Đã thay khoá API; khoá cũ còn dùng được đến ${formatDateTime(rotated.oldExpiresAt)}.`,
          shown: { label: "Khoá API mới (chỉ hiện một lần)", value: rotated.key },
        });
      }
      case "revoke-key":
        return (await audited(async (db, audit) => {
          const revoked = await revokeApiKey(db, partnerId, itemId);
          if (revoked) await audit("revoke-key", { keyId: itemId, revoked: false }, { keyId: itemId, revoked: true });
          return revoked;
        }))
          ? answer({ done: "Đã thu hồi khoá API." })
          : answer({ errors: { form: "Khoá API này đã bị thu hồi." } }, 409);
      case "rotate-secret": {
        const secret = await audited(async (db, audit) => {
          const issued = await issueWebhookSecret(db, partnerId, { overlapHours: overlap });
          await audit("rotate-secret", null, { newSigningKeyId: issued.record.id, newPrefix: issued.record.prefix, overlapHours: overlap });
          return issued.secret;
        });
        return answer({ done: `Đã tạo khoá bí mật mới; khoá cũ còn hiệu lực ${overlap} giờ.`, shown: { label: "Khoá bí mật ký webhook mới (chỉ hiện một lần)", value: secret } });
      }
      case "revoke-secret":
        return (await audited(async (db, audit) => {
          const revoked = await revokeWebhookSecret(db, partnerId, itemId);
          if (revoked) await audit("revoke-secret", { signingKeyId: itemId, revoked: false }, { signingKeyId: itemId, revoked: true });
          return revoked;
        }))
          ? answer({ done: "Đã thu hồi khoá bí mật." })
          : answer({ errors: { form: "Khoá bí mật này đã bị thu hồi." } }, 409);
      default:
        return answer({ errors: { form: "Thao tác không hợp lệ." } }, 400);
    }
  } catch (error) {
    if (error instanceof PartnerAdminError) return answer({ errors: { form: error.message } }, 400);
    throw error;
  }
}

const STATE_NAMES = { active: "Đang dùng", expiring: "Sắp hết hạn", expired: "Đã hết hạn", revoked: "Đã thu hồi" } as const;

export default function PartnerAdmin() {
  const { partners } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string> = data?.errors ?? {};
  const values = data?.values ?? null;
  const busy = navigation.state !== "idle";
  return (
    <>
      <h1>Đối tác bưu chính công ích</h1>
      <p className="lead">
        Đối tác nhận đơn thu gom hồ sơ và chuyển phát kết quả tại địa chỉ nhận đơn, báo trạng thái bằng webhook đã ký hoặc bằng khoá API (tài liệu:{" "}
        <a href="/api/postal/v1/openapi.json">/api/postal/v1/openapi.json</a>).
      </p>
      {data?.done ? (
        <p className="notice" role="status">
          {data.done}
        </p>
      ) : null}
      {data?.shown ? (
        <section className="card" aria-labelledby="hien-mot-lan">
          <h2 id="hien-mot-lan">{data.shown.label}</h2>
          <p>Hãy sao chép và gửi cho đối tác qua kênh an toàn ngay bây giờ: cổng không lưu giá trị này và sẽ không hiện lại.</p>
          <p>
            <code className="secret-value" data-testid="shown-once">
              {data.shown.value}
            </code>
          </p>
        </section>
      ) : null}
      {Object.keys(errors).length > 0 ? (
        <div className="error-box" role="alert">
          {Object.values(errors).join(" ")}
        </div>
      ) : null}

      {partners.map(({ partner, keys, secrets }) => (
        <section key={partner.id} className="card" aria-labelledby={`doi-tac-${partner.id}`} style={{ marginBottom: "1rem" }}>
          <h2 id={`doi-tac-${partner.id}`}>
            {partner.name} <span className="hint">({partner.code})</span>
          </h2>
          <p>
            Địa chỉ nhận đơn: <code>{partner.endpointUrl}</code>. Webhook trạng thái: <code>/api/postal/v1/webhooks/{partner.code}</code>.{" "}
            {partner.active ? null : <strong>Đang tạm dừng.</strong>}
          </p>
          <h3>Khoá API</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Khoá</th>
                  <th scope="col">Quyền</th>
                  <th scope="col">Trạng thái</th>
                  <th scope="col">Dùng lần cuối</th>
                  <th scope="col">Thao tác</th>
                </tr>
              </thead>
              <tbody>
                {keys.length === 0 ? (
                  <tr>
                    <td colSpan={5}>Chưa có khoá nào.</td>
                  </tr>
                ) : null}
                {keys.map((k) => (
                  <tr key={k.id}>
                    <td className="nowrap">
                      <code>{k.prefix}…</code>
                    </td>
                    <td>{k.scopes.join(", ")}</td>
                    <td>
                      {STATE_NAMES[k.state]}
                      {k.state === "expiring" ? ` (đến ${formatDateTime(k.expiresAt)})` : null}
                    </td>
                    <td>{formatDateTime(k.lastUsedAt)}</td>
                    <td>
                      {k.state === "active" || k.state === "expiring" ? (
                        <div style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
                          <Form method="post">
                            <input type="hidden" name="intent" value="rotate-key" />
                            <input type="hidden" name="partnerId" value={partner.id} />
                            <input type="hidden" name="id" value={k.id} />
                            <input type="hidden" name="overlapHours" value="24" />
                            <button type="submit" className="secondary" disabled={busy} aria-label={`Thay khoá ${k.prefix}, khoá cũ dùng thêm 24 giờ`}>
                              Thay khoá (dùng song song 24 giờ)
                            </button>
                          </Form>
                          <Form method="post">
                            <input type="hidden" name="intent" value="revoke-key" />
                            <input type="hidden" name="partnerId" value={partner.id} />
                            <input type="hidden" name="id" value={k.id} />
                            <button type="submit" className="danger" disabled={busy} aria-label={`Thu hồi khoá ${k.prefix}`}>
                              Thu hồi
                            </button>
                          </Form>
                        </div>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Form method="post">
            <input type="hidden" name="intent" value="issue-key" />
            <input type="hidden" name="partnerId" value={partner.id} />
            <fieldset>
              <legend>Cấp khoá API mới</legend>
              <label style={{ fontWeight: 400 }}>
                <input type="checkbox" name="scopes" value="orders:read" defaultChecked /> orders:read — xem đơn
              </label>
              <label style={{ fontWeight: 400 }}>
                <input type="checkbox" name="scopes" value="orders:write" defaultChecked /> orders:write — báo trạng thái đơn
              </label>
              <button type="submit" className="primary" disabled={busy}>
                Cấp khoá API
              </button>
            </fieldset>
          </Form>

          <h3>Khoá bí mật ký webhook</h3>
          <ul>
            {secrets.map((s) => (
              <li key={s.id}>
                <code>{s.prefix}…</code> — {STATE_NAMES[s.state]}
                {s.state === "expiring" ? ` (đến ${formatDateTime(s.expiresAt)})` : null}
                {s.state === "active" || s.state === "expiring" ? (
                  <Form method="post" style={{ display: "inline", marginLeft: "0.5rem" }}>
                    <input type="hidden" name="intent" value="revoke-secret" />
                    <input type="hidden" name="partnerId" value={partner.id} />
                    <input type="hidden" name="id" value={s.id} />
                    <button type="submit" className="danger" disabled={busy} aria-label={`Thu hồi khoá bí mật ${s.prefix}`}>
                      Thu hồi
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
          <Form method="post">
            <input type="hidden" name="intent" value="rotate-secret" />
            <input type="hidden" name="partnerId" value={partner.id} />
            <label htmlFor={`overlap-${partner.id}`}>Khoá cũ còn hiệu lực thêm (giờ)</label>
            <input id={`overlap-${partner.id}`} name="overlapHours" type="number" min={1} max={720} defaultValue={24} />
            <p>
              <button type="submit" className="secondary" disabled={busy}>
                Tạo khoá bí mật mới
              </button>
            </p>
          </Form>
        </section>
      ))}

      <Form method="post" className="card" key={data?.done ?? "create"}>
        <h2>Thêm đối tác</h2>
        <input type="hidden" name="intent" value="create" />
        <label htmlFor="name">Tên đối tác</label>
        <input id="name" name="name" defaultValue={values?.name ?? ""} aria-invalid={errors.name ? true : undefined} />
        <label htmlFor="code">Mã đối tác (chữ thường không dấu, số, dấu gạch ngang)</label>
        <input id="code" name="code" defaultValue={values?.code ?? ""} aria-invalid={errors.code ? true : undefined} />
        <label htmlFor="endpointUrl">Địa chỉ nhận đơn của đối tác (URL)</label>
        <input id="endpointUrl" name="endpointUrl" inputMode="url" autoComplete="url" defaultValue={values?.endpointUrl ?? ""} aria-invalid={errors.endpointUrl ? true : undefined} />
        <p>
          <button type="submit" className="primary" disabled={busy}>
            Tạo đối tác
          </button>
        </p>
      </Form>
    </>
  );
}
