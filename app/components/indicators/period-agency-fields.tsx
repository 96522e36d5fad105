import { useTranslation } from "react-i18next";

type PeriodKind = "month" | "quarter" | "year" | "custom";

/**
 * The period kind, its value and the agency: the first fields of the indicator page's and the public
 * statistics page's GET forms. Each page's namespace ("indicators", "statistics") holds the same keys
 * (kind, kinds.*, value, valueHint, agency, allAgencies), with its own wording.
 */
export function PeriodAndAgencyFields(props: {
  namespace: "indicators" | "statistics";
  kinds: readonly PeriodKind[];
  kind: string;
  value: string;
  agencyId: number | null;
  agencyChoices: { id: number; name: string }[];
  /** lang of agency names: Vietnamese names on an English page. */
  nameLang: string | undefined;
}) {
  const { t } = useTranslation(props.namespace);
  return (
    <>
      <div>
        <label htmlFor="ky">{t("kind")}</label>
        <select id="ky" name="ky" defaultValue={props.kind}>
          {props.kinds.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="gia-tri">{t("value")}</label>
        <input id="gia-tri" name="gia-tri" type="text" defaultValue={props.value} aria-describedby="gia-tri-hint" />
        <p className="hint" id="gia-tri-hint">
          {t("valueHint")}
        </p>
      </div>
      <div>
        <label htmlFor="co-quan">{t("agency")}</label>
        <select id="co-quan" name="co-quan" defaultValue={props.agencyId === null ? "" : String(props.agencyId)}>
          <option value="">{t("allAgencies")}</option>
          {props.agencyChoices.map((a) => (
            <option key={a.id} value={a.id} lang={props.nameLang}>
              {a.name}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
