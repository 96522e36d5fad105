/** Numbers and percentages as the page's language writes them (1.234 and 62,5 % in Vietnamese). */
import { useTranslation } from "react-i18next";
import { numberLocale, type Language } from "../../i18n";

export function useNumberFormat() {
  const { i18n } = useTranslation();
  const locale = numberLocale((i18n.language === "en" ? "en" : "vi") as Language);
  const number = (value: number) => value.toLocaleString(locale);
  const percent = (value: number | null) => (value === null ? "—" : `${value.toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`);
  return { number, percent };
}
