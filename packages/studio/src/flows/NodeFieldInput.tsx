import type { NodeFieldView } from '@flowgate/server/studio-contract';
import { type ReactNode, useEffect, useId, useState } from 'react';

type Described = { 'aria-describedby'?: string };

interface Props {
  field: NodeFieldView;
  value: unknown;
  onChange(value: unknown): void;
}

/** One config field of a node, as the input its type asks for; the label is always a real <label>. */
export function NodeFieldInput({ field, value, onChange }: Props) {
  const id = useId();
  const hint = field.description ? `${id}-hint` : undefined;
  const label = (
    <label htmlFor={id}>
      {field.label}
      {field.required && <span className="required"> (required)</span>}
    </label>
  );
  const described: Described = hint ? { 'aria-describedby': hint } : {};
  let control: ReactNode;
  switch (field.type) {
    case 'boolean':
      return (
        <div className="checkbox">
          <input
            id={id}
            type="checkbox"
            checked={value === true || value === 'true'}
            onChange={(event) => onChange(event.target.checked)}
            {...described}
          />
          {label}
          {hint && (
            <p id={hint} className="field-hint">
              {field.description}
            </p>
          )}
        </div>
      );
    case 'number':
      control = (
        <input
          className="input"
          id={id}
          type="number"
          value={typeof value === 'number' || typeof value === 'string' ? value : ''}
          // Lamatic stores some numbers as strings ("retries": "0"); keep the stored type.
          onChange={(event) =>
            onChange(typeof value === 'string' ? event.target.value : event.target.valueAsNumber)
          }
          {...described}
        />
      );
      break;
    case 'select':
      control = (
        <select
          className="input"
          id={id}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.target.value)}
          {...described}
        >
          <option value="">—</option>
          {(field.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
      break;
    case 'text':
    case 'code':
      control = (
        <textarea
          id={id}
          className={field.type === 'code' ? 'input mono' : 'input'}
          rows={field.type === 'code' ? 10 : 4}
          value={
            typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value, null, 2)
          }
          onChange={(event) => onChange(event.target.value)}
          spellCheck={field.type !== 'code'}
          {...described}
        />
      );
      break;
    case 'json':
      control = <JsonFieldInput id={id} value={value} onChange={onChange} described={described} />;
      break;
    case 'model':
      return <ModelFieldInput field={field} value={value} onChange={onChange} />;
    default:
      control = (
        <input
          className="input"
          id={id}
          type="text"
          value={typeof value === 'string' || typeof value === 'number' ? String(value) : ''}
          onChange={(event) => onChange(event.target.value)}
          {...described}
        />
      );
  }
  return (
    <div className="field">
      {label}
      {control}
      {hint && (
        <p id={hint} className="field-hint">
          {field.description}
        </p>
      )}
    </div>
  );
}

/**
 * A JSON config value. Lamatic stores many of these as JSON *strings* (outputMapping, advance_schema): those
 * stay strings; an object value is parsed back on every valid edit and the error says where it broke.
 */
function JsonFieldInput({
  id,
  value,
  onChange,
  described,
}: {
  id: string;
  value: unknown;
  onChange(value: unknown): void;
  described: Described;
}) {
  const keepsString = typeof value === 'string' || value === undefined;
  const [text, setText] = useState(() =>
    keepsString ? String(value ?? '') : JSON.stringify(value, null, 2),
  );
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (keepsString) setText(String(value ?? ''));
  }, [keepsString, value]);
  function edit(next: string) {
    setText(next);
    if (keepsString) {
      onChange(next);
      setError(
        next.trim() === '' || parses(next) ? null : 'Not valid JSON yet — check quotes, commas and brackets.',
      );
      return;
    }
    try {
      onChange(JSON.parse(next));
      setError(null);
    } catch (cause) {
      setError(`Not saved: ${(cause as Error).message}. Fix the JSON to apply it.`);
    }
  }
  return (
    <>
      <textarea
        id={id}
        className="input mono"
        rows={6}
        value={text}
        onChange={(event) => edit(event.target.value)}
        aria-invalid={error !== null}
        spellCheck={false}
        {...described}
      />
      {error && <p className="field-error">{error}</p>}
    </>
  );
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const MODEL_KEYS = [
  { key: 'provider_name', label: 'Provider' },
  { key: 'model_name', label: 'Model' },
  { key: 'credential_name', label: 'Credential name' },
] as const;

/** An LLM model config `{provider_name, model_name, credential_name, params}`; other keys are kept. */
function ModelFieldInput({ field, value, onChange }: Props) {
  const id = useId();
  const config =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  return (
    <fieldset className="fieldset">
      <legend>
        {field.label}
        {field.required && <span className="required"> (required)</span>}
      </legend>
      {typeof value === 'string' && value !== '' && (
        <p className="muted">Stored as a reference: {value}. Filling these fields replaces it.</p>
      )}
      {MODEL_KEYS.map(({ key, label }) => (
        <div className="field" key={key}>
          <label htmlFor={`${id}-${key}`}>{label}</label>
          <input
            className="input"
            id={`${id}-${key}`}
            type="text"
            value={typeof config[key] === 'string' ? (config[key] as string) : ''}
            onChange={(event) => onChange({ ...config, [key]: event.target.value })}
          />
        </div>
      ))}
      {field.description && <p className="muted">{field.description}</p>}
    </fieldset>
  );
}
