import type { FlowNodeJson, RunDetail } from '@flowgate/server/studio-contract';
import { useId, useMemo, useState } from 'react';
import { StudioApiError } from '../api/client.ts';
import { JsonView } from '../ui/JsonView.tsx';
import {
  buildPayload,
  type FormValue,
  type InputFieldSpec,
  initialFormValue,
  readTriggerSchema,
} from './trigger-schema.ts';

interface Props {
  trigger: FlowNodeJson | undefined;
  run(payload: Record<string, unknown>): Promise<RunDetail>;
  onSelectNode(nodeId: string): void;
}

/** A form built from the trigger's advance_schema; Run shows each node's status on the canvas and the result. */
export function TestRunPanel({ trigger, run, onSelectNode }: Props) {
  const id = useId();
  const rawSchema = trigger?.data.values.advance_schema ?? trigger?.data.schema;
  const schema = useMemo(() => readTriggerSchema(rawSchema), [rawSchema]);
  const [form, setForm] = useState<Record<string, FormValue>>({});
  const [rawPayload, setRawPayload] = useState('{}');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [running, setRunning] = useState(false);
  const [detail, setDetail] = useState<RunDetail | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const built = schema.fields.length > 0 ? buildPayload(schema.fields, form) : parseRaw(rawPayload);
    setErrors(built.errors);
    if (Object.keys(built.errors).length > 0) return;
    setRunning(true);
    setFailure(null);
    try {
      setDetail(await run(built.payload));
    } catch (cause) {
      setFailure(describeFailure(cause));
      setErrors(payloadFieldErrors(cause));
    } finally {
      setRunning(false);
    }
  }

  if (!trigger) {
    return (
      <p className="field-error">This flow has no trigger node: add an API Request trigger to test it.</p>
    );
  }
  return (
    <section className="test-run" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Test run</h2>
      <p className="muted">
        Runs the saved draft (unsaved changes are saved first). The run is recorded in Logs as a test.
      </p>
      {schema.error && <p className="field-error">{schema.error}</p>}
      <form onSubmit={(event) => void submit(event)} noValidate>
        {schema.fields.map((field) => (
          <PayloadField
            key={field.name}
            field={field}
            value={form[field.name] ?? initialFormValue(field)}
            error={errors[field.name]}
            onChange={(value) => setForm((current) => ({ ...current, [field.name]: value }))}
          />
        ))}
        {schema.fields.length === 0 && (
          <div className="field">
            <label htmlFor={`${id}-raw`}>Payload (JSON)</label>
            <textarea
              id={`${id}-raw`}
              className="input mono"
              rows={5}
              value={rawPayload}
              onChange={(event) => setRawPayload(event.target.value)}
              aria-invalid={errors.payload !== undefined}
            />
            {errors.payload && <p className="field-error">{errors.payload}</p>}
          </div>
        )}
        <button type="submit" className="button" disabled={running}>
          {running ? 'Running…' : 'Run'}
        </button>
      </form>
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      {detail && <RunOutcome detail={detail} onSelectNode={onSelectNode} />}
    </section>
  );
}

/** The server's sentence, with each problem that stopped the run (naming its node). */
function describeFailure(cause: unknown): string {
  if (!(cause instanceof StudioApiError)) return String(cause);
  const problems = (cause.body?.problems ?? []).map(
    (problem) => `${problem.nodeId ? `${problem.nodeId}: ` : ''}${problem.message}`,
  );
  return [cause.message, ...problems].join(' · ');
}

/** BAD_REQUEST fields named `payload.<field>` go next to that field of the form. */
function payloadFieldErrors(cause: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!(cause instanceof StudioApiError)) return errors;
  for (const field of cause.body?.fields ?? []) {
    const name = field.path.replace(/^payload\.?/, '') || 'payload';
    errors[name] = field.message;
  }
  return errors;
}

function parseRaw(text: string): { payload: Record<string, unknown>; errors: Record<string, string> } {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return { payload: value as Record<string, unknown>, errors: {} };
    }
    return {
      payload: {},
      errors: { payload: 'The payload must be a JSON object such as {"topic": "tides"}.' },
    };
  } catch (cause) {
    return {
      payload: {},
      errors: { payload: `The payload is not valid JSON: ${(cause as Error).message}.` },
    };
  }
}

function PayloadField({
  field,
  value,
  error,
  onChange,
}: {
  field: InputFieldSpec;
  value: FormValue;
  error: string | undefined;
  onChange(value: FormValue): void;
}) {
  const id = useId();
  const label = `${field.name}${field.required ? '' : ' (optional)'}`;
  const errorId = `${id}-error`;
  const aria = { 'aria-invalid': error !== undefined, ...(error ? { 'aria-describedby': errorId } : {}) };
  if (field.control === 'boolean') {
    return (
      <div className="checkbox">
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(event) => onChange(event.target.checked)}
        />
        <label htmlFor={id}>{label}</label>
      </div>
    );
  }
  const text = typeof value === 'string' ? value : '';
  return (
    <div className="field">
      <label htmlFor={id}>
        {label} <span className="muted">{field.declared}</span>
      </label>
      {field.control === 'json' ? (
        <textarea
          id={id}
          className="input mono"
          rows={3}
          value={text}
          onChange={(event) => onChange(event.target.value)}
          {...aria}
        />
      ) : (
        <input
          className="input"
          id={id}
          type={field.control === 'text' ? 'text' : 'number'}
          step={field.control === 'integer' ? 1 : 'any'}
          value={text}
          onChange={(event) => onChange(event.target.value)}
          {...aria}
        />
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

function RunOutcome({ detail, onSelectNode }: { detail: RunDetail; onSelectNode(nodeId: string): void }) {
  return (
    <section className="run-outcome" aria-live="polite">
      <h3>
        Result: <span className={`status-${detail.status}`}>{detail.status}</span>
        {detail.durationMs !== null && <span className="muted"> · {detail.durationMs} ms</span>}
      </h3>
      {detail.error && <p className="field-error">{detail.error.message ?? detail.error.code}</p>}
      <JsonView label="Result" value={detail.result} />
      <h4>Nodes</h4>
      <ol className="run-nodes">
        {detail.nodes.map((trace) => (
          <li key={trace.nodeId}>
            <button type="button" className="link-button" onClick={() => onSelectNode(trace.nodeId)}>
              {trace.name || trace.nodeId}
            </button>{' '}
            <span className={`status-${trace.status}`}>{trace.status}</span>
            {trace.durationMs !== null && <span className="muted"> {trace.durationMs} ms</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
