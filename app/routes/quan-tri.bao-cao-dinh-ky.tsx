import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatDateTime } from "../labels";
import { addRecipient, deactivateRecipient, generateAndSend, listRecipients, reportScopes, type RecipientFormValues } from "../services/admin/report-recipients.server";
import { readForm } from "../services/forms.server";
import { requirePermission } from "../services/permissions.server";
import { FREQUENCY_NAMES, lastCompletePeriod, listPeriodicReports, PERIODIC_REPORTS_SCHEDULE, reportPeriod } from "../services/reports/periodic-report.server";

export const meta: MetaFunction = () => [{ title: "Báo cáo định kỳ — Quản trị" }];

const quarterValue = (start: string) => `${start.slice(0, 4)}-Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1}`;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.services, request, "manage:report-recipients:all");
  const { services } = context;
  const now = new Date();
  const reports = await listPeriodicReports(services.database.db);
  return json({
    recipients: await listRecipients(services),
    scopes: await reportScopes(services),
    reports: reports.map((r) => ({ ...r, title: reportPeriod(r.frequency, r.periodStart).title })),
    // Labels from a server module travel as data: the browser bundle does not carry .server code.
    frequencyNames: FREQUENCY_NAMES,
    schedule: PERIODIC_REPORTS_SCHEDULE,
    defaults: { month: lastCompletePeriod("monthly", now).start.slice(0, 7), quarter: quarterValue(lastCompletePeriod("quarterly", now).start) },
  });
}

type ActionData = { done: string | null; errors: Record<string, string>; values: Record<string, string> | null; form: "recipient" | "generate" | "list" | null };
const answer = (data: Partial<ActionData>, status = 200) => json({ done: null, errors: {}, values: null, form: null, ...data } satisfies ActionData, { status });

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePermission(context.services, request, "manage:report-recipients:all");
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  switch (text("intent")) {
    case "add": {
      const values: RecipientFormValues = { email: text("email"), name: text("name"), frequency: text("frequency"), agencyId: text("agencyId") };
      const outcome = await addRecipient(context.services, admin.id, values);
      // What was typed comes back with the errors, so nothing is lost.
      if (!outcome.ok) return answer({ errors: outcome.errors, values: { ...values }, form: "recipient" }, 400);
      return answer({ done: outcome.value.reactivated ? `Đã cho ${values.email.trim()} nhận lại báo cáo.` : `Đã thêm người nhận ${values.email.trim()}.`, form: "recipient" });
    }
    case "deactivate": {
      const id = Number(text("id"));
      if (!Number.isSafeInteger(id) || !(await deactivateRecipient(context.services, admin.id, id))) {
        return answer({ errors: { form: "Người nhận này không có trong danh sách hoặc đã ngừng nhận báo cáo." }, form: "list" }, 404);
      }
      return answer({ done: "Đã ngừng gửi báo cáo cho người nhận này.", form: "list" });
    }
    case "generate": {
      const frequency = text("frequency");
      const values = { frequency, month: text("month"), quarter: text("quarter"), agencyId: text("agencyId") };
      const outcome = await generateAndSend(context.services, admin.id, { frequency, period: frequency === "quarterly" ? values.quarter : values.month, agencyId: values.agencyId });
      if (!outcome.ok) return answer({ errors: outcome.errors, values, form: "generate" }, 400);
      const v = outcome.value;
      const made = v.created ? `Đã lập Báo cáo số ${v.number} ${v.title}` : `Báo cáo ${v.title} đã có (số ${v.number})`;
      const sent = v.queued > 0 ? `; đã chuyển ${v.queued} thư vào hàng đợi gửi.` : v.alreadyMailed ? "; báo cáo đã được gửi trước đây, không gửi lại." : "; không có người nhận đang hoạt động cho kỳ và phạm vi này.";
      return answer({ done: made + sent, form: "generate" });
    }
    default:
      return answer({ errors: { form: "Thao tác không hợp lệ." } }, 400);
  }
}

const LEVEL_NAMES = { province: "Cấp tỉnh", district: "Cấp huyện", commune: "Cấp xã" } as const;

export default function PeriodicReportsAdmin() {
  const { recipients, scopes, reports, defaults, frequencyNames, schedule } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const errors: Record<string, string> = data?.errors ?? {};
  const typed = data?.values ?? null;
  const recipientValues = data?.form === "recipient" ? typed : null;
  const generateValues = data?.form === "generate" ? typed : null;
  const errorId = (field: string, form: ActionData["form"]) => (data?.form === form && errors[field] ? `${form}-${field}-loi` : undefined);
  const scopeOptions = (
    <>
      <option value="">Toàn tỉnh</option>
      {(["province", "district", "commune"] as const).map((level) => (
        <optgroup key={level} label={LEVEL_NAMES[level]}>
          {scopes
            .filter((s) => s.level === level)
            .map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
        </optgroup>
      ))}
    </>
  );
  return (
    <>
      <h1>Báo cáo định kỳ</h1>
      <p className="lead">
        {schedule} Báo cáo theo thể thức Nghị định 30/2020/NĐ-CP, ký số bằng chữ ký số của cơ quan, gửi kèm tệp PDF tới những người nhận đang hoạt động
        cùng kỳ và cùng phạm vi số liệu.
      </p>
      {data?.done ? (
        <p className="notice" role="status">
          {data.done}
        </p>
      ) : null}
      {Object.keys(errors).length > 0 ? (
        <div className="error-box" role="alert">
          <p>Chưa thực hiện được:</p>
          <ul>
            {Object.entries(errors).map(([field, message]) => (
              <li key={field}>{message}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <section aria-labelledby="nguoi-nhan">
        <h2 id="nguoi-nhan">Người nhận báo cáo</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Người nhận</th>
                <th scope="col">Thư điện tử</th>
                <th scope="col">Kỳ</th>
                <th scope="col">Phạm vi số liệu</th>
                <th scope="col">Trạng thái</th>
                <th scope="col">Thao tác</th>
              </tr>
            </thead>
            <tbody>
              {recipients.length === 0 ? (
                <tr>
                  <td colSpan={6}>Chưa có người nhận nào.</td>
                </tr>
              ) : null}
              {recipients.map((r) => (
                <tr key={r.id}>
                  <td>{r.name}</td>
                  <td className="nowrap">{r.email}</td>
                  <td>{frequencyNames[r.frequency]}</td>
                  <td>{r.agencyName ?? "Toàn tỉnh"}</td>
                  <td>{r.active ? "Đang nhận" : "Đã ngừng"}</td>
                  <td>
                    {r.active ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="deactivate" />
                        <input type="hidden" name="id" value={r.id} />
                        <button type="submit" className="danger" disabled={busy} aria-label={`Ngừng gửi báo cáo ${frequencyNames[r.frequency].toLowerCase()} cho ${r.email}`}>
                          Ngừng gửi
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>

        {/* A new key after each success empties the form for the next entry; on an error it keeps what was typed. */}
        <Form method="post" className="card" style={{ marginTop: "1rem" }} key={data?.form === "recipient" && data.done ? data.done : "recipient"} noValidate>
          <h3>Thêm người nhận</h3>
          <input type="hidden" name="intent" value="add" />
          <label htmlFor="recipient-name">Tên người nhận hoặc cơ quan nhận</label>
          <input
            id="recipient-name"
            name="name"
            autoComplete="off"
            defaultValue={recipientValues?.name ?? ""}
            aria-invalid={errorId("name", "recipient") ? true : undefined}
            aria-describedby={errorId("name", "recipient")}
          />
          {errorId("name", "recipient") ? (
            <p className="field-error" id={errorId("name", "recipient")}>
              {errors.name}
            </p>
          ) : null}
          <label htmlFor="recipient-email">Địa chỉ thư điện tử</label>
          <input
            id="recipient-email"
            name="email"
            type="email"
            autoComplete="off"
            spellCheck={false}
            defaultValue={recipientValues?.email ?? ""}
            aria-invalid={errorId("email", "recipient") ? true : undefined}
            aria-describedby={errorId("email", "recipient")}
          />
          {errorId("email", "recipient") ? (
            <p className="field-error" id={errorId("email", "recipient")}>
              {errors.email}
            </p>
          ) : null}
          <label htmlFor="recipient-frequency">Kỳ báo cáo</label>
          <select id="recipient-frequency" name="frequency" defaultValue={recipientValues?.frequency ?? "monthly"}>
            <option value="monthly">Hằng tháng</option>
            <option value="quarterly">Hằng quý</option>
          </select>
          <label htmlFor="recipient-scope">Phạm vi số liệu</label>
          <select
            id="recipient-scope"
            name="agencyId"
            defaultValue={recipientValues?.agencyId ?? ""}
            aria-invalid={errorId("agencyId", "recipient") ? true : undefined}
            aria-describedby={errorId("agencyId", "recipient")}
          >
            {scopeOptions}
          </select>
          {errorId("agencyId", "recipient") ? (
            <p className="field-error" id={errorId("agencyId", "recipient")}>
              {errors.agencyId}
            </p>
          ) : null}
          <p>
            <button type="submit" className="primary" disabled={busy}>
              Thêm người nhận
            </button>
          </p>
        </Form>
      </section>

      <section aria-labelledby="lap-bao-cao" style={{ marginTop: "1.5rem" }}>
        <h2 id="lap-bao-cao">Tạo và gửi báo cáo tháng/quý</h2>
        <p>
          Dùng khi cần lập lại báo cáo của một kỳ đã qua (ví dụ tác vụ tự động không chạy được). Một kỳ và phạm vi chỉ có một báo cáo: nếu đã có, hệ thống gửi báo cáo đó
          cho người nhận chưa được gửi, không lập báo cáo thứ hai.
        </p>
        <Form method="post" className="card" noValidate>
          <input type="hidden" name="intent" value="generate" />
          <fieldset>
            <legend>Loại báo cáo</legend>
            <label>
              <input type="radio" name="frequency" value="monthly" defaultChecked={(generateValues?.frequency ?? "monthly") === "monthly"} /> Báo cáo tháng
            </label>
            <label>
              <input type="radio" name="frequency" value="quarterly" defaultChecked={generateValues?.frequency === "quarterly"} /> Báo cáo quý
            </label>
          </fieldset>
          <label htmlFor="generate-month">Tháng (với báo cáo tháng)</label>
          <input
            id="generate-month"
            name="month"
            inputMode="numeric"
            autoComplete="off"
            defaultValue={generateValues?.month ?? defaults.month}
            aria-invalid={errorId("period", "generate") ? true : undefined}
            aria-describedby="generate-month-hint"
          />
          <p className="hint" id="generate-month-hint">
            Dạng năm-tháng, ví dụ {defaults.month}.
          </p>
          <label htmlFor="generate-quarter">Quý (với báo cáo quý)</label>
          <input id="generate-quarter" name="quarter" defaultValue={generateValues?.quarter ?? defaults.quarter} aria-invalid={errorId("period", "generate") ? true : undefined} aria-describedby="generate-quarter-hint" />
          <p className="hint" id="generate-quarter-hint">
            Dạng năm-Q số quý, ví dụ {defaults.quarter}.
          </p>
          <label htmlFor="generate-scope">Phạm vi số liệu</label>
          <select id="generate-scope" name="agencyId" defaultValue={generateValues?.agencyId ?? ""}>
            {scopeOptions}
          </select>
          <p>
            <button type="submit" className="primary" disabled={busy}>
              Tạo và gửi báo cáo
            </button>
          </p>
        </Form>
      </section>

      <section aria-labelledby="da-lap" style={{ marginTop: "1.5rem" }}>
        <h2 id="da-lap">Báo cáo đã lập</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Kỳ</th>
                <th scope="col">Phạm vi</th>
                <th scope="col">Số</th>
                <th scope="col">Lập lúc</th>
                <th scope="col">Gửi lúc</th>
                <th scope="col">Tệp</th>
              </tr>
            </thead>
            <tbody>
              {reports.length === 0 ? (
                <tr>
                  <td colSpan={6}>Chưa có báo cáo nào.</td>
                </tr>
              ) : null}
              {reports.map((r) => (
                <tr key={r.id}>
                  <td>{r.title.charAt(0).toLocaleUpperCase("vi") + r.title.slice(1)}</td>
                  <td>{r.agencyName ?? "Toàn tỉnh"}</td>
                  <td className="nowrap">{r.number}</td>
                  <td>{formatDateTime(r.generatedAt)}</td>
                  <td>{r.mailedAt ? formatDateTime(r.mailedAt) : "Chưa gửi (chưa có người nhận)"}</td>
                  <td>
                    <a href={`/quan-tri/bao-cao-dinh-ky/tai-ve/${r.id}`} download>
                      Tải PDF<span className="visually-hidden"> báo cáo {r.title}, {r.agencyName ?? "toàn tỉnh"}</span>
                    </a>{" "}
                    <span className="hint">({Math.ceil(r.size / 1024)} KB)</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
