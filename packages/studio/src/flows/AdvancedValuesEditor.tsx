import { useEffect, useId, useState } from 'react';

interface Props {
  values: Record<string, unknown>;
  onApply(values: Record<string, unknown>): void;
}

/** The node's whole `data.values` as JSON, for anything the form does not cover. */
export function AdvancedValuesEditor({ values, onApply }: Props) {
  const id = useId();
  const formatted = JSON.stringify(values, null, 2);
  const [text, setText] = useState(formatted);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(formatted);
    setError(null);
  }, [formatted]);
  function apply() {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      setError(`The values are not valid JSON (${(cause as Error).message}); fix them and apply again.`);
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setError('The values must be a JSON object such as {"nodeName": "My node"}.');
      return;
    }
    setError(null);
    onApply(parsed as Record<string, unknown>);
  }
  return (
    <details className="advanced-values">
      <summary>Advanced (JSON)</summary>
      <label htmlFor={id}>data.values</label>
      <textarea
        id={id}
        className="input mono"
        rows={12}
        value={text}
        spellCheck={false}
        aria-invalid={error !== null}
        onChange={(event) => setText(event.target.value)}
      />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="button secondary" onClick={apply} disabled={text === formatted}>
        Apply JSON
      </button>
    </details>
  );
}
