import type { ImportFlowsRequest, ImportFlowsResult } from '@flowgate/server/studio-contract';
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../ui/Alert.tsx';
import { describeError } from '../ui/describe-error.ts';
import { FormActions } from '../ui/FormActions.tsx';
import { Modal } from '../ui/Modal.tsx';
import { flowApi } from './flow-api.ts';
import { keyedProblems } from './keyed-problems.ts';
import { type KitFiles, kitFilesFromFolder, kitFilesFromZip } from './kit-files.ts';

type Format = 'kit' | 'json' | 'yaml';

const FORMATS: { value: Format; label: string; hint: string }[] = [
  {
    value: 'kit',
    label: 'Kit folder',
    hint: 'An AgentKit kit (lamatic.config.ts, flows/, prompts/…) as a .zip, or the folder itself.',
  },
  {
    value: 'json',
    label: 'Flow JSON',
    hint: 'A flow exported as JSON: {"id", "name", "nodes": […], "edges": […]}.',
  },
  {
    value: 'yaml',
    label: 'Config YAML',
    hint: "Lamatic Studio's Config YAML (triggerNode, nodes with needs, responseNode).",
  },
];

interface Props {
  projectId: string;
  open: boolean;
  onClose(): void;
  onImported(result: ImportFlowsResult): void;
}

/** Imports flows as drafts: a kit (zip or folder), flow JSON or Config YAML, pasted or from a file. */
export function ImportDialog({ projectId, open, onClose, onImported }: Props) {
  const id = useId();
  const [format, setFormat] = useState<Format>('kit');
  const [text, setText] = useState('');
  const [kit, setKit] = useState<{ source: string; files: KitFiles } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportFlowsResult | null>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!open) {
      setText('');
      setKit(null);
      setError(null);
      setResult(null);
    }
  }, [open]);
  useEffect(() => {
    // React has no prop for it: the folder picker needs the non-standard attribute.
    folderInput.current?.setAttribute('webkitdirectory', '');
  });

  async function readZip(file: File | undefined) {
    if (!file) return;
    setError(null);
    try {
      setKit({ source: file.name, files: kitFilesFromZip(new Uint8Array(await file.arrayBuffer())) });
    } catch (cause) {
      setKit(null);
      setError(describeError(cause));
    }
  }
  async function readFolder(list: FileList | null) {
    if (!list || list.length === 0) return;
    setError(null);
    try {
      const folder = list[0]?.webkitRelativePath.split('/')[0] ?? 'folder';
      setKit({ source: `${folder}/`, files: await kitFilesFromFolder(list) });
    } catch (cause) {
      setKit(null);
      setError(describeError(cause));
    }
  }
  async function readText(file: File | undefined) {
    if (file) setText(await file.text());
  }

  function request(): ImportFlowsRequest | string {
    if (format === 'kit')
      return kit
        ? { format: 'kit', files: kit.files }
        : 'Choose a .zip of the kit folder, or the folder itself.';
    if (text.trim() === '')
      return `Paste the ${format === 'json' ? 'flow JSON' : 'Config YAML'} or choose a file.`;
    return { format, content: text };
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const body = request();
    if (typeof body === 'string') {
      setError(body);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const imported = await flowApi.import(projectId, body);
      setResult(imported);
      onImported(imported);
    } catch (cause) {
      setError(describeError(cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={open} title="Import flows" onClose={onClose} size="large">
      {result ? (
        <ImportResult projectId={projectId} result={result} onClose={onClose} />
      ) : (
        <form className="form" onSubmit={(event) => void submit(event)}>
          <fieldset className="fieldset">
            <legend>What are you importing?</legend>
            {FORMATS.map((option) => (
              <label key={option.value} className="checkbox">
                <input
                  type="radio"
                  name={`${id}-format`}
                  value={option.value}
                  checked={format === option.value}
                  onChange={() => {
                    setFormat(option.value);
                    setError(null);
                  }}
                />
                <span>
                  {option.label} <span className="muted">— {option.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {format === 'kit' ? (
            <div className="form-grid">
              <div className="field">
                <label htmlFor={`${id}-zip`}>Kit as a .zip file</label>
                <input
                  id={`${id}-zip`}
                  className="input"
                  type="file"
                  accept=".zip,application/zip"
                  onChange={(event) => void readZip(event.target.files?.[0])}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-folder`}>…or the kit folder</label>
                <input
                  id={`${id}-folder`}
                  ref={folderInput}
                  className="input"
                  type="file"
                  multiple
                  onChange={(event) => void readFolder(event.target.files)}
                />
              </div>
              {kit && (
                <p className="muted" role="status">
                  {kit.source}: {Object.keys(kit.files).length} files,{' '}
                  {Object.keys(kit.files).filter((path) => path.startsWith('flows/')).length} in flows/.
                </p>
              )}
            </div>
          ) : (
            <>
              <div className="field">
                <label htmlFor={`${id}-file`}>
                  {format === 'json' ? 'Flow JSON file' : 'Config YAML file'}
                </label>
                <input
                  id={`${id}-file`}
                  className="input"
                  type="file"
                  accept={format === 'json' ? '.json,application/json' : '.yaml,.yml'}
                  onChange={(event) => void readText(event.target.files?.[0])}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-text`}>…or paste it</label>
                <textarea
                  id={`${id}-text`}
                  className="input mono"
                  rows={10}
                  value={text}
                  spellCheck={false}
                  onChange={(event) => setText(event.target.value)}
                />
              </div>
            </>
          )}
          {error && <Alert>{error}</Alert>}
          <FormActions submitLabel="Import" busyLabel="Importing…" busy={busy} onCancel={onClose} />
        </form>
      )}
    </Modal>
  );
}

function ImportResult({
  projectId,
  result,
  onClose,
}: {
  projectId: string;
  result: ImportFlowsResult;
  onClose(): void;
}) {
  return (
    <div className="stack" role="status">
      <p>
        Imported {result.flows.length} flow{result.flows.length === 1 ? '' : 's'} as drafts. Open one to check
        it, then deploy.
      </p>
      <ul>
        {result.flows.map((flow) => (
          <li key={flow.id}>
            <Link to={`/projects/${projectId}/flows/${encodeURIComponent(flow.id)}`}>Open {flow.name}</Link>{' '}
            <span className="muted">
              ({flow.nodeCount} nodes, id <code>{flow.id}</code>)
            </span>
          </li>
        ))}
      </ul>
      {result.problems.length > 0 && (
        <Alert tone="warn" title="Found while importing">
          <ul>
            {keyedProblems(result.problems).map(({ key, problem }) => (
              <li key={key}>
                {problem.nodeId && <code>{problem.nodeId}</code>} {problem.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <div className="button-row">
        <button type="button" className="button secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
