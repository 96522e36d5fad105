/** The dashboard's filters: a plain GET form (works without JavaScript; the URL is the selection). */
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { FilterChoices, FilterQuery } from "../../services/reports/dashboard-page.server";

const PERIOD_KINDS = ["month", "quarter", "year", "custom"] as const;
const LEVELS = ["province", "district", "commune"] as const;
const CHANNELS = ["1", "2", "3"] as const;

export function FilterForm({ query, choices, action }: { query: FilterQuery; choices: FilterChoices; action: string }) {
  const { t } = useTranslation("monitoring");
  return (
    <section className="card queue-filters" aria-labelledby="filter-title">
      <h2 id="filter-title">{t("filterTitle")}</h2>
      <Form method="get" action={action}>
        <div className="filter-grid">
          <div>
            <label htmlFor="ky">{t("periodKind")}</label>
            <select id="ky" name="ky" defaultValue={query.ky}>
              {PERIOD_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`periodKinds.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="gia-tri">{t("periodValue")}</label>
            <input id="gia-tri" name="gia-tri" type="text" inputMode="text" defaultValue={query["gia-tri"]} aria-describedby="gia-tri-hint" autoComplete="off" />
            <p className="hint" id="gia-tri-hint">
              {t("periodValueHint")}
            </p>
          </div>
          <div>
            <label htmlFor="tu">{t("fromMonth")}</label>
            <input id="tu" name="tu" type="month" defaultValue={query.tu} />
          </div>
          <div>
            <label htmlFor="den">{t("toMonth")}</label>
            <input id="den" name="den" type="month" defaultValue={query.den} />
          </div>
          <div>
            <label htmlFor="co-quan">{t("agency")}</label>
            <select id="co-quan" name="co-quan" defaultValue={query["co-quan"]}>
              <option value="">{t("all")}</option>
              {choices.agencies.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="cap">{t("level")}</label>
            <select id="cap" name="cap" defaultValue={query.cap}>
              <option value="">{t("all")}</option>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {t(`levels.${l}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="linh-vuc">{t("field")}</label>
            <select id="linh-vuc" name="linh-vuc" defaultValue={query["linh-vuc"]}>
              <option value="">{t("all")}</option>
              {choices.fields.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="thu-tuc">{t("procedure")}</label>
            <select id="thu-tuc" name="thu-tuc" defaultValue={query["thu-tuc"]}>
              <option value="">{t("all")}</option>
              {choices.procedures.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.code} — {p.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="kenh">{t("channel")}</label>
            <select id="kenh" name="kenh" defaultValue={query.kenh}>
              <option value="">{t("all")}</option>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`channels.${c}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t("apply")}
          </button>
          <Link to={action}>{t("reset")}</Link>
        </div>
      </Form>
    </section>
  );
}
