import type { ApiKeyScope } from '@flowgate/server/studio-contract';

/** Every scope a key can hold, with what it allows. */
export const API_KEY_SCOPES: readonly { scope: ApiKeyScope; label: string; description: string }[] = [
  {
    scope: 'flows:execute',
    label: 'Run flows',
    description: 'executeWorkflow, executeAgent, streams and batches',
  },
  { scope: 'runs:read', label: 'Read runs', description: 'checkStatus of async runs' },
  { scope: 'feedback:write', label: 'Send feedback', description: 'submitFeedback on a run' },
];
