import type { SetupRequest } from '@flowgate/server/studio-contract';
import { type FormEvent, useState } from 'react';
import { describeError, fieldErrorsOf } from '../ui/describe-error.ts';
import { type CredentialsProblems, checkCredentials } from './credentials-rules.ts';

export interface CredentialsForm {
  email: string;
  password: string;
  /** The repeated password (setup only). */
  confirm: string;
  setEmail(value: string): void;
  setPassword(value: string): void;
  setConfirm(value: string): void;
  /** Per-field problems, found here or by the server. */
  problems: CredentialsProblems;
  /** A problem that is not about one field (wrong password, server down). */
  error: string | null;
  busy: boolean;
  submit(event: FormEvent): Promise<void>;
}

/**
 * The state of the setup and login forms: checks the fields first, then sends them; the server's
 * per-field refusals go next to their fields, anything else above the button.
 */
export function useCredentialsForm(
  withConfirm: boolean,
  send: (request: SetupRequest) => Promise<void>,
): CredentialsForm {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<CredentialsProblems>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = checkCredentials(email, password, withConfirm ? confirm : undefined);
    setProblems(found);
    setError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await send({ email: email.trim(), password });
    } catch (cause) {
      const fields = fieldErrorsOf(cause);
      setProblems({ email: fields.email, password: fields.password });
      if (!fields.email && !fields.password) setError(describeError(cause));
      setBusy(false);
    }
  }

  return { email, password, confirm, setEmail, setPassword, setConfirm, problems, error, busy, submit };
}
