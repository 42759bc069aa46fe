import type { RunStatus } from '@flowgate/server/studio-contract';
import { Badge, type BadgeTone } from '../ui/Badge.tsx';

const TONES: Record<RunStatus, BadgeTone> = {
  success: 'ok',
  error: 'danger',
  running: 'info',
  queued: 'neutral',
};
const WORDS: Record<RunStatus, string> = {
  success: 'Success',
  error: 'Error',
  running: 'Running',
  queued: 'Queued',
};

/** A run's (or a node's) status as a word in a coloured pill. */
export function StatusBadge({ status }: { status: RunStatus | 'skipped' }) {
  if (status === 'skipped') return <Badge tone="neutral">Skipped</Badge>;
  return <Badge tone={TONES[status]}>{WORDS[status]}</Badge>;
}
