import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ROLE_NAMES } from "../labels";

export type RoleChoice = { value: string; label: string; active: boolean };

/** The header's choice of active role, for a user who holds several (kiêm nhiệm). Works without JavaScript. */
export function RoleSwitcher({ choices }: { choices: RoleChoice[] }) {
  const { t } = useTranslation();
  if (choices.length < 2) return null;
  return (
    <Form method="post" action="/vai-tro" className="inline-form role-switcher">
      <label htmlFor="active-role">{t("role.label")}</label>{" "}
      <select id="active-role" name="role" defaultValue={choices.find((c) => c.active)?.value}>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>{" "}
      <button type="submit" className="link-button">
        {t("role.change")}
      </button>
    </Form>
  );
}

/** `role@agencyId`: what the switcher posts; the server checks it against the user's own roles. */
export const roleChoiceValue = (role: string, agencyId: number) => `${role}@${agencyId}`;

export function roleChoiceLabel(role: keyof typeof ROLE_NAMES, agencyName: string | null): string {
  return agencyName ? `${ROLE_NAMES[role]} — ${agencyName}` : ROLE_NAMES[role];
}
