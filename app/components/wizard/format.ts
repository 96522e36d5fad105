/** Money and time allowances in the page's language, for the wizard's pages. */
import type { TFunction } from "i18next";
import { numberLocale, type Language } from "../../i18n";

type Allowance = { amount: number; unit: "workingDay" | "workingHour" | "calendarDay" };

export function allowanceText(t: TFunction<"common">, language: Language, a: Allowance): string {
  return `${a.amount.toLocaleString(numberLocale(language))} ${t(`allowanceUnits.${a.unit}`)}`;
}

export function moneyText(t: TFunction<"common">, language: Language, amount: number): string {
  return amount === 0 ? t("money.free") : t("money.amount", { amount: amount.toLocaleString(numberLocale(language)) });
}
