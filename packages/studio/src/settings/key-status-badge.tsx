import type { KeyStatus } from '@flowgate/server/studio-contract';
import { Badge } from '../ui/Badge.tsx';

const TONES = { active: 'ok', expired: 'warn', revoked: 'danger' } as const;
const WORDS = { active: 'Active', expired: 'Expired', revoked: 'Revoked' } as const;

/** Active / Expired / Revoked, for API keys and secret keys. */
export function KeyStatusBadge({ status }: { status: KeyStatus }) {
  return <Badge tone={TONES[status]}>{WORDS[status]}</Badge>;
}
