import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { listMailTemplates, previewMail, resetMailTemplate, saveMailTemplate } from "../services/mail-templates.server";
import { MAIL_PLACEHOLDERS } from "../services/notifications.server";
import { readForm } from "../services/forms.server";
import { requirePermission } from "../services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Mẫu thư điện tử — Quản trị" }];

const LANGUAGE_NAMES = { vi: "Tiếng Việt", en: "Tiếng Anh" } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.services, request, "manage:mail-templates:all");
  const params = new URL(request.url).searchParams;
  const slots = await listMailTemplates(context.services);
  const selected = slots.find((s) => s.template === params.get("mau") && s.language === params.get("ngon-ngu")) ?? slots[0];
  return json({ slots: slots.map((s) => ({ template: s.template, language: s.language, name: s.name, overridden: s.override !== null })), selected, placeholders: MAIL_PLACEHOLDERS });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePermission(context.services, request, "manage:mail-templates:all");
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  const input = { template: text("template"), language: text("language"), subject: text("subject"), body: text("body") };
  const language = input.language === "en" ? "en" : "vi";
  switch (text("intent")) {
    case "preview":
      return json({ done: null, errors: {} as Record<string, string>, values: input, preview: previewMail(input.template, language, input, context.services.config.baseUrl) });
    case "save": {
      const saved = await saveMailTemplate(context.services, admin.id, input);
      if (!saved.ok) return json({ done: null, errors: saved.errors, values: input, preview: null }, { status: 400 });
      return json({ done: "Đã lưu mẫu thư; các thư gửi từ bây giờ dùng nội dung này.", errors: {}, values: null, preview: previewMail(input.template, language, input, context.services.config.baseUrl) });
    }
    case "reset": {
      const reset = await resetMailTemplate(context.services, admin.id, input.template, input.language);
      return json({ done: reset ? "Đã trở về nội dung mặc định." : "Mẫu thư này đang dùng nội dung mặc định.", errors: {}, values: null, preview: null });
    }
    default:
      return json({ done: null, errors: { form: "Thao tác không hợp lệ." }, values: null, preview: null }, { status: 400 });
  }
}

export default function MailTemplates() {
  const { slots, selected, placeholders } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  const current = data?.values ?? selected.override ?? selected.builtIn;
  return (
    <>
      <h1>Mẫu thư điện tử</h1>
      <p className="lead">Tiêu đề và nội dung các thư Cổng gửi công dân và cán bộ. Phần chào, mã hồ sơ, đường dẫn và chân thư do hệ thống thêm.</p>
      <div className="split">
        <nav aria-label="Danh sách mẫu thư" className="card">
          <ul style={{ paddingLeft: "1rem", margin: 0 }}>
            {slots.map((s) => {
              const isCurrent = s.template === selected.template && s.language === selected.language;
              return (
                <li key={`${s.template}-${s.language}`}>
                  <Link to={`?mau=${encodeURIComponent(s.template)}&ngon-ngu=${s.language}`} aria-current={isCurrent ? "page" : undefined} style={isCurrent ? { fontWeight: 700 } : undefined}>
                    {s.name} ({LANGUAGE_NAMES[s.language]})
                  </Link>
                  {s.overridden ? <span className="hint"> · đã sửa</span> : null}
                </li>
              );
            })}
          </ul>
        </nav>
        <section className="card" aria-labelledby="sua-mau-thu">
          <h2 id="sua-mau-thu">
            {selected.name} ({LANGUAGE_NAMES[selected.language]})
          </h2>
          <p className="hint">{selected.override ? "Đang dùng nội dung đã sửa." : "Đang dùng nội dung mặc định."}</p>
          {data?.done ? (
            <p className="notice" role="status">
              {data.done}
            </p>
          ) : null}
          {Object.keys(errors).length ? (
            <div className="error-box" role="alert">
              {Object.values(errors).join(" ")}
            </div>
          ) : null}
          <Form method="post" key={`${selected.template}-${selected.language}-${data?.done ?? ""}`}>
            <input type="hidden" name="template" value={selected.template} />
            <input type="hidden" name="language" value={selected.language} />
            <label htmlFor="subject">Tiêu đề</label>
            <input id="subject" name="subject" defaultValue={current.subject} aria-invalid={errors.subject ? true : undefined} />
            <label htmlFor="body">Nội dung (để một dòng trống giữa hai đoạn)</label>
            <textarea id="body" name="body" rows={8} defaultValue={current.body} aria-invalid={errors.body ? true : undefined} aria-describedby="placeholders" />
            <div id="placeholders" className="hint">
              Biến dùng được:
              <ul>
                {Object.entries(placeholders).map(([name, meaning]) => (
                  <li key={name}>
                    <code>{`{{${name}}}`}</code> — {meaning}
                  </li>
                ))}
              </ul>
            </div>
            <p className="actions">
              <button type="submit" name="intent" value="preview" className="secondary">
                Xem trước
              </button>{" "}
              <button type="submit" name="intent" value="save" className="primary">
                Lưu mẫu thư
              </button>{" "}
              {selected.override ? (
                <button type="submit" name="intent" value="reset" className="danger">
                  Trở về mặc định
                </button>
              ) : null}
            </p>
          </Form>
          {data?.preview ? (
            <section aria-labelledby="xem-truoc" data-testid="mail-preview">
              <h3 id="xem-truoc">Xem trước (hồ sơ mẫu)</h3>
              <p>
                <strong>Tiêu đề:</strong> {data.preview.subject}
              </p>
              <pre className="mermaid-text">{data.preview.text}</pre>
            </section>
          ) : null}
        </section>
      </div>
    </>
  );
}
