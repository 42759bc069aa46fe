import { Link } from 'react-router';

interface Props {
  projectId: string;
  flowId: string;
  name: string;
  dirty: boolean;
  saving: boolean;
  deploying: boolean;
  paletteOpen: boolean;
  hasSelection: boolean;
  onSave(): void;
  onTogglePalette(): void;
  onTidy(): void;
  onDeleteSelected(): void;
  onDeploy(): void;
}

/** The editor's title (name, Flow ID, save state) and its actions. */
export function EditorToolbar(props: Props) {
  const { projectId, flowId, dirty, saving, deploying, paletteOpen } = props;
  return (
    <header className="editor-toolbar">
      <div className="editor-title">
        <Link to={`/projects/${projectId}/flows`} className="back-link">
          ← Flows
        </Link>
        <h1>{props.name || flowId}</h1>
        <span className="muted">
          Flow ID <code data-testid="flow-id">{flowId}</code>
        </span>
        <span className={`save-state ${dirty ? 'dirty' : 'clean'}`} aria-live="polite">
          {saving ? 'Saving…' : dirty ? 'Unsaved changes' : 'Saved'}
        </span>
      </div>
      <div className="editor-actions">
        <button type="button" className="button" onClick={props.onSave} disabled={saving || !dirty}>
          Save
        </button>
        <button
          type="button"
          className="button secondary"
          aria-expanded={paletteOpen}
          aria-controls="node-palette"
          onClick={props.onTogglePalette}
        >
          {paletteOpen ? 'Hide nodes' : 'Add node'}
        </button>
        <button type="button" className="button secondary" onClick={props.onTidy}>
          Tidy up
        </button>
        <button
          type="button"
          className="button secondary"
          onClick={props.onDeleteSelected}
          disabled={!props.hasSelection}
        >
          Delete selected
        </button>
        <button type="button" className="button" onClick={props.onDeploy} disabled={deploying}>
          {deploying ? 'Deploying…' : 'Deploy'}
        </button>
        <Link
          className="button secondary"
          to={`/projects/${projectId}/flows/${encodeURIComponent(flowId)}/connect`}
        >
          Connect
        </Link>
      </div>
    </header>
  );
}
