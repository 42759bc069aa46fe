import { type ReactNode, useId } from 'react';

/** What a control needs to be tied to its label, hint and error. Spread it on the input. */
export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
  required?: boolean;
}

interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  /** Shown under the control in red, and read out with it. */
  error?: string | null | undefined;
  required?: boolean;
  children(control: ControlProps): ReactNode;
}

/** A labelled control with its hint and its error text, linked for screen readers. */
export function Field({ label, hint, error, required, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const described = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  const control: ControlProps = { id };
  if (described) control['aria-describedby'] = described;
  if (error) control['aria-invalid'] = true;
  if (required) control.required = true;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="field-required"> (required)</span> : null}
      </label>
      {children(control)}
      {hint ? (
        <div className="field-hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div className="field-error" id={errorId}>
          {error}
        </div>
      ) : null}
    </div>
  );
}

interface TextFieldProps {
  label: ReactNode;
  value: string;
  onChange(value: string): void;
  hint?: ReactNode;
  error?: string | null | undefined;
  required?: boolean;
  type?: 'text' | 'email' | 'password' | 'url' | 'search' | 'number';
  name?: string;
  autoComplete?: string;
  placeholder?: string;
  autoFocus?: boolean;
  monospace?: boolean;
}

/** A labelled one-line text input. */
export function TextField({
  label,
  value,
  onChange,
  hint,
  error,
  required,
  monospace,
  ...input
}: TextFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} required={required ?? false}>
      {(control) => (
        <input
          {...control}
          {...input}
          className={monospace ? 'input mono' : 'input'}
          data-autofocus={input.autoFocus ? true : undefined}
          type={input.type ?? 'text'}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

interface SelectFieldProps<Value extends string> {
  label: ReactNode;
  value: Value;
  options: readonly { value: Value; label: string }[];
  onChange(value: Value): void;
  hint?: ReactNode;
  error?: string | null | undefined;
  name?: string;
}

/** A labelled select among fixed options. */
export function SelectField<Value extends string>({
  label,
  value,
  options,
  onChange,
  hint,
  error,
  name,
}: SelectFieldProps<Value>) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => (
        <select
          {...control}
          name={name}
          className="input"
          value={value}
          onChange={(event) => {
            const chosen = options.find((option) => option.value === event.target.value);
            if (chosen) onChange(chosen.value);
          }}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
