import { type FormEvent, useState } from 'react';
import { EXECUTE_QUERY } from '../connect/snippets.ts';
import { Alert } from '../ui/Alert.tsx';
import { Badge } from '../ui/Badge.tsx';
import { Field, TextField } from '../ui/Field.tsx';
import { JsonView } from '../ui/JsonView.tsx';

interface TryItFormProps {
  endpoint: string;
  projectId: string;
  flowId: string;
  payload: Record<string, unknown>;
}

interface Answer {
  status: number;
  durationMs: number;
  body: unknown;
}

/**
 * Sends the real request from the browser, exactly as an app would (API key and all), and shows the
 * answer. The key is kept in this form only, never stored.
 */
export function TryItForm({ endpoint, projectId, flowId, payload }: TryItFormProps) {
  const [apiKey, setApiKey] = useState('');
  const [text, setText] = useState(() => JSON.stringify(payload, null, 2));
  const [problems, setProblems] = useState<{ apiKey?: string | null; payload?: string | null }>({});
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(event: FormEvent) {
    event.preventDefault();
    const parsed = parsePayload(text);
    const found = {
      apiKey: apiKey.trim() === '' ? 'Paste an API key of this project (Settings → API Keys).' : null,
      payload: parsed.error ?? null,
    };
    setProblems(found);
    if (found.apiKey || found.payload) return;
    setBusy(true);
    setFailure(null);
    const started = performance.now();
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${apiKey.trim()}`,
          'Content-Type': 'application/json',
          'x-project-id': projectId,
        },
        body: JSON.stringify({
          query: EXECUTE_QUERY,
          variables: { workflowId: flowId, payload: parsed.value },
        }),
      });
      const body: unknown = await response.json().catch(() => null);
      setAnswer({ status: response.status, durationMs: Math.round(performance.now() - started), body });
    } catch (cause) {
      setAnswer(null);
      setFailure(`The request did not reach ${endpoint}: ${String(cause)}.`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={(event) => void send(event)} noValidate>
      <TextField
        label="API key"
        type="password"
        autoComplete="off"
        value={apiKey}
        onChange={setApiKey}
        error={problems.apiKey}
        monospace
        hint="Used for this request only; not stored."
      />
      <Field label="Payload (JSON)" error={problems.payload}>
        {(control) => (
          <textarea
            {...control}
            className="input mono"
            rows={Math.min(12, text.split('\n').length + 1)}
            spellCheck={false}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        )}
      </Field>
      <div className="button-row">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Running…' : 'Send request'}
        </button>
      </div>
      {failure ? <Alert>{failure}</Alert> : null}
      {answer ? (
        <div role="status" className="stack">
          <p className="flush">
            <Badge tone={answer.status < 300 ? 'ok' : 'danger'}>HTTP {answer.status}</Badge>{' '}
            <span className="muted">in {answer.durationMs} ms</span>
          </p>
          <JsonView value={answer.body} label="Response" openDepth={4} />
        </div>
      ) : null}
    </form>
  );
}

function parsePayload(text: string): { value?: Record<string, unknown>; error?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text === '' ? '{}' : text);
  } catch (cause) {
    return { error: `The payload is not JSON: ${cause instanceof Error ? cause.message : String(cause)}.` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'The payload must be a JSON object, e.g. {"url": "https://example.com"}.' };
  }
  return { value: value as Record<string, unknown> };
}
