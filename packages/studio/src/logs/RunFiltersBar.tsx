import type { RunStatus } from '@flowgate/server/studio-contract';
import { useEffect, useId, useState } from 'react';
import { Field, SelectField } from '../ui/Field.tsx';
import { fromLocalInput, toLocalInput } from './local-time.ts';
import {
  hasFilters,
  NO_FILTERS,
  RUN_RANGES,
  RUN_STATUSES,
  type RunFilters,
  type RunRange,
} from './run-filters.ts';
import type { FlowOption } from './use-flow-options.ts';
import './filters.css';

interface RunFiltersBarProps {
  filters: RunFilters;
  flows: readonly FlowOption[];
  onChange(filters: RunFilters): void;
  /** Said under the period when the custom range cannot be used. */
  rangeProblem: string | null;
}

const SEARCH_DELAY_MS = 300;
const DAY_MS = 86_400_000;

const STATUS_OPTIONS: { value: RunStatus | ''; label: string }[] = [
  { value: '', label: 'Any status' },
  ...RUN_STATUSES.map((status) => ({
    value: status,
    label: `${status[0]?.toUpperCase()}${status.slice(1)}`,
  })),
];

const RANGE_OPTIONS = (Object.keys(RUN_RANGES) as RunRange[]).map((range) => ({
  value: range,
  label: RUN_RANGES[range].label,
}));

/** Flow, status, period (presets or custom) and a search box that waits for a pause in typing. */
export function RunFiltersBar({ filters, flows, onChange, rangeProblem }: RunFiltersBarProps) {
  const id = useId();
  const [search, setSearch] = useState(filters.search);
  // Follow the URL (back button, "Clear filters") without eating a trailing space being typed.
  useEffect(
    () => setSearch((current) => (current.trim() === filters.search.trim() ? current : filters.search)),
    [filters.search],
  );
  useEffect(() => {
    if (search.trim() === filters.search.trim()) return;
    const timer = window.setTimeout(() => onChange({ ...filters, search }), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [search, filters, onChange]);

  function chooseRange(range: RunRange) {
    const now = Date.now();
    onChange(
      range === 'custom'
        ? { ...filters, range, from: filters.from ?? now - DAY_MS, to: filters.to ?? now }
        : { ...filters, range, from: null, to: null },
    );
  }

  return (
    <search aria-label="Filter runs">
      <form
        className="run-filters panel"
        onSubmit={(event) => {
          event.preventDefault();
          onChange({ ...filters, search });
        }}
      >
        <div className="run-filter-search">
          <Field label="Search inputs and outputs">
            {(control) => (
              <input
                {...control}
                className="input"
                type="search"
                value={search}
                placeholder="e.g. a word from a payload"
                onChange={(event) => setSearch(event.target.value)}
              />
            )}
          </Field>
        </div>
        <SelectField
          label="Flow"
          value={filters.flowId}
          options={flows}
          onChange={(flowId) => onChange({ ...filters, flowId })}
        />
        <SelectField
          label="Status"
          value={filters.status}
          options={STATUS_OPTIONS}
          onChange={(status) => onChange({ ...filters, status })}
        />
        <SelectField label="Period" value={filters.range} options={RANGE_OPTIONS} onChange={chooseRange} />
        {filters.range === 'custom' && (
          <>
            <TimeInput
              label="From"
              value={filters.from}
              problemId={rangeProblem ? `${id}-range-problem` : null}
              onChange={(from) => onChange({ ...filters, from })}
            />
            <TimeInput
              label="To"
              value={filters.to}
              problemId={rangeProblem ? `${id}-range-problem` : null}
              onChange={(to) => onChange({ ...filters, to })}
            />
          </>
        )}
        {hasFilters(filters) && (
          <button type="button" className="button secondary" onClick={() => onChange(NO_FILTERS)}>
            Clear filters
          </button>
        )}
        {rangeProblem && (
          <p className="field-error run-filters-problem" id={`${id}-range-problem`} role="alert">
            {rangeProblem}
          </p>
        )}
      </form>
    </search>
  );
}

interface TimeInputProps {
  label: string;
  value: number | null;
  /** The id of the sentence that says what is wrong with the period, when something is. */
  problemId: string | null;
  onChange(value: number | null): void;
}

function TimeInput({ label, value, problemId, onChange }: TimeInputProps) {
  return (
    <Field label={label}>
      {(control) => (
        <input
          {...control}
          className="input"
          type="datetime-local"
          value={toLocalInput(value)}
          aria-invalid={problemId ? true : undefined}
          aria-describedby={problemId ?? undefined}
          onChange={(event) => onChange(fromLocalInput(event.target.value))}
        />
      )}
    </Field>
  );
}
