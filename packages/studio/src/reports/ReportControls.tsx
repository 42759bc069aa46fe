import type { FlowOption } from '../logs/use-flow-options.ts';
import { SelectField } from '../ui/Field.tsx';
import { REPORT_RANGES, type ReportChoice, type ReportRange } from './report-range.ts';
import '../logs/filters.css';

interface ReportControlsProps {
  choice: ReportChoice;
  flows: readonly FlowOption[];
  onChange(choice: ReportChoice): void;
  onRefresh(): void;
  loading: boolean;
}

const BUCKETS = [
  { value: 'hour', label: 'Hour' },
  { value: 'day', label: 'Day' },
] as const;

/** The period (24 h / 7 d / 30 d as radio buttons), the bucket size and the flow. */
export function ReportControls({ choice, flows, onChange, onRefresh, loading }: ReportControlsProps) {
  return (
    <div className="report-controls">
      <fieldset className="segmented-field">
        <legend>Period</legend>
        <div className="segmented">
          {(Object.keys(REPORT_RANGES) as ReportRange[]).map((range) => (
            <label key={range} className={choice.range === range ? 'is-selected' : undefined}>
              <input
                type="radio"
                name="report-range"
                value={range}
                checked={choice.range === range}
                onChange={() => onChange({ ...choice, range, bucket: REPORT_RANGES[range].bucket })}
              />
              <span aria-hidden="true">{range}</span>
              <span className="visually-hidden">{REPORT_RANGES[range].label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <SelectField
        label="By"
        value={choice.bucket}
        options={BUCKETS}
        onChange={(bucket) => onChange({ ...choice, bucket })}
      />
      <SelectField
        label="Flow"
        value={choice.flowId}
        options={flows}
        onChange={(flowId) => onChange({ ...choice, flowId })}
      />
      <button type="button" className="button secondary" onClick={onRefresh} disabled={loading}>
        {loading ? 'Loading…' : 'Refresh'}
      </button>
    </div>
  );
}
