import { Alert } from '../ui/Alert.tsx';
import { TextField } from '../ui/Field.tsx';
import { PASSWORD_MIN_LENGTH } from './credentials-rules.ts';
import type { CredentialsForm } from './use-credentials-form.ts';

interface CredentialsFieldsProps {
  form: CredentialsForm;
  /** Setup asks for a new password twice and shows its rule; login asks for the current one. */
  mode: 'setup' | 'login';
  submitLabel: string;
  busyLabel: string;
}

/** Email, password (and its repetition on setup), the form's error and its button. */
export function CredentialsFields({ form, mode, submitLabel, busyLabel }: CredentialsFieldsProps) {
  const setup = mode === 'setup';
  return (
    <form className="form" onSubmit={(event) => void form.submit(event)} noValidate>
      <TextField
        label="Email"
        type="email"
        name="email"
        autoComplete={setup ? 'email' : 'username'}
        value={form.email}
        onChange={form.setEmail}
        error={form.problems.email}
        required
        autoFocus
      />
      <TextField
        label="Password"
        type="password"
        name="password"
        autoComplete={setup ? 'new-password' : 'current-password'}
        value={form.password}
        onChange={form.setPassword}
        error={form.problems.password}
        required
        hint={setup ? <PasswordRules password={form.password} /> : undefined}
      />
      {setup ? (
        <TextField
          label="Repeat the password"
          type="password"
          name="confirm"
          autoComplete="new-password"
          value={form.confirm}
          onChange={form.setConfirm}
          error={form.problems.confirm}
          required
        />
      ) : null}
      {form.error ? <Alert>{form.error}</Alert> : null}
      <button type="submit" className="button" disabled={form.busy}>
        {form.busy ? busyLabel : submitLabel}
      </button>
    </form>
  );
}

function PasswordRules({ password }: { password: string }) {
  return (
    <ul className="rules" aria-label="Password rules">
      <li className={password.length >= PASSWORD_MIN_LENGTH ? 'rule-met' : ''}>
        At least {PASSWORD_MIN_LENGTH} characters ({password.length} so far)
      </li>
      <li>A passphrase of a few words is easier to remember than symbols</li>
    </ul>
  );
}
