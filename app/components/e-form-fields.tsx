/**
 * The procedure's e-form (tờ khai) as the citizen's wizard and the desk's walk-in intake both show
 * it: one field per `formFields` entry, named `f_<name>`, with the typed value kept and the server's
 * message tied to its input.
 */
import type { FormField } from "../../db/schema";

/** A field's error, referenced by the input's aria-describedby (`<id>-error`). */
export function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p className="field-error" id={`${id}-error`}>
      {message}
    </p>
  ) : null;
}

/** aria attributes of an input whose value the server refused. */
export function invalidProps(errors: Record<string, string>, name: string) {
  return errors[name] ? { "aria-invalid": true as const, "aria-describedby": `${name}-error` } : {};
}

export function EFormFields({
  legend,
  fields,
  values,
  errors,
}: {
  legend: string;
  fields: FormField[];
  values: Record<string, string> | undefined;
  errors: Record<string, string>;
}) {
  if (fields.length === 0) return null;
  return (
    <fieldset>
      <legend>{legend}</legend>
      {fields.map((field) => {
        const name = `f_${field.name}`;
        const value = values?.[name] ?? "";
        return (
          <div key={name}>
            <label htmlFor={name} className={field.required ? "required" : undefined}>
              {field.label}
            </label>
            {field.type === "textarea" ? (
              <textarea id={name} name={name} defaultValue={value} {...invalidProps(errors, name)} />
            ) : (
              <input id={name} name={name} type={field.type === "date" ? "date" : "text"} defaultValue={value} {...invalidProps(errors, name)} />
            )}
            <FieldError id={name} message={errors[name]} />
          </div>
        );
      })}
    </fieldset>
  );
}
