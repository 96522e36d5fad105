/** Where the citizen is in the wizard: fill in → review and choose delivery → submitted. */
const STEPS = ["Điền tờ khai và đính kèm giấy tờ", "Xem lại, chọn cách nhận kết quả", "Nộp hồ sơ"] as const;

export function WizardSteps({ current }: { current: 1 | 2 | 3 }) {
  return (
    <nav aria-label="Các bước nộp hồ sơ">
      <ol className="wizard-steps">
        {STEPS.map((name, i) => (
          <li key={name} aria-current={i + 1 === current ? "step" : undefined}>
            Bước {i + 1}/{STEPS.length}: {name}
          </li>
        ))}
      </ol>
    </nav>
  );
}
