/** Page titles of the citizen's dossier pages, in the visitor's language (from the root loader's data). */
import { createI18n, DEFAULT_LANGUAGE, isLanguage } from "../../i18n";

type RootLike = { language?: unknown; portal?: { provinceName?: string } } | undefined;

export function citizenTitle(matches: ReadonlyArray<{ id: string; data: unknown }>, key: "list.metaTitle" | "rating.metaTitle" | "feedback.metaTitle" | "lookup.metaTitle" | "payment.metaTitle", code = "") {
  const root = matches.find((m) => m.id === "root")?.data as RootLike;
  const language = isLanguage(root?.language) ? root.language : DEFAULT_LANGUAGE;
  const { t } = createI18n(language);
  const portal = t("site.title", { province: root?.portal?.provinceName ?? "" });
  return [{ title: t(`dossier:${key}`, { code, portal }) }];
}
