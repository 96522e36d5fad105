/** Where the citizen is in the wizard: fill in → review and choose delivery → submitted. */
import { useTranslation } from "react-i18next";

const STEPS = ["fill", "review", "submit"] as const;

export function WizardSteps({ current }: { current: 1 | 2 | 3 }) {
  const { t } = useTranslation("wizard");
  return (
    <nav aria-label={t("stepsLabel")}>
      <ol className="wizard-steps">
        {STEPS.map((key, i) => (
          <li key={key} aria-current={i + 1 === current ? "step" : undefined}>
            {t("step", { n: i + 1, total: STEPS.length, name: t(`steps.${key}`) })}
          </li>
        ))}
      </ol>
    </nav>
  );
}
