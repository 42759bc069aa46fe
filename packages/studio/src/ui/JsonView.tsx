interface JsonViewProps {
  value: unknown;
  /** Objects and arrays deeper than this start folded. Default 2. */
  openDepth?: number;
  /** Names the view for screen readers, e.g. "Run result". */
  label?: string;
}

/** Pretty JSON in monospace; every object and array folds (native <details>, so it works by keyboard). */
export function JsonView({ value, openDepth = 2, label = 'JSON' }: JsonViewProps) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it.
    <section className="json-view" aria-label={label} tabIndex={0}>
      <JsonNode value={value} depth={0} openDepth={openDepth} />
    </section>
  );
}

function JsonNode({ value, depth, openDepth }: { value: unknown; depth: number; openDepth: number }) {
  if (value === null || value === undefined) return <span className="json-null">null</span>;
  if (typeof value === 'string') return <span className="json-string">{JSON.stringify(value)}</span>;
  if (typeof value === 'number' || typeof value === 'bigint')
    return <span className="json-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="json-boolean">{String(value)}</span>;
  if (typeof value !== 'object') return <span>{String(value)}</span>;
  const isArray = Array.isArray(value);
  const entries: [string, unknown][] = isArray
    ? value.map((item, index): [string, unknown] => [String(index), item])
    : Object.entries(value);
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return <span className="json-punct">{`${open}${close}`}</span>;
  const count = isArray ? `${entries.length} items` : `${entries.length} keys`;
  return (
    <details className="json-fold" open={depth < openDepth}>
      <summary>
        <span className="json-punct">{open}</span>
        <span className="json-count">
          {' '}
          {count} {close}
        </span>
      </summary>
      <ul className="json-entries">
        {entries.map(([key, item]) => (
          <li key={key}>
            {isArray ? null : <span className="json-key">{JSON.stringify(key)}: </span>}
            <JsonNode value={item} depth={depth + 1} openDepth={openDepth} />
          </li>
        ))}
      </ul>
      <span className="json-punct">{close}</span>
    </details>
  );
}
