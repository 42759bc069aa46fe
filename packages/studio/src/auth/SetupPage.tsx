import type { SessionView } from '@flowgate/server/studio-contract';
import { Navigate, useNavigate } from 'react-router';
import { api } from '../api/client.ts';
import { Loading } from '../ui/Loading.tsx';
import { AuthFrame } from './AuthFrame.tsx';
import { CredentialsFields } from './CredentialsFields.tsx';
import { useSession } from './session.tsx';
import { useCredentialsForm } from './use-credentials-form.ts';

/** First start: creates the owner account, which also signs the owner in. */
export function SetupPage() {
  const { session, refresh } = useSession();
  const navigate = useNavigate();
  const form = useCredentialsForm(true, async (request) => {
    await api<SessionView>('POST', '/setup', request);
    await refresh();
    await navigate('/projects', { replace: true });
  });

  if (session === null) return <Loading />;
  if (!session.setupRequired) return <Navigate to={session.user ? '/projects' : '/login'} replace />;
  return (
    <AuthFrame
      title="Set up your Studio"
      intro="Create the owner account. You will use it to sign in, create projects and make API keys."
    >
      <CredentialsFields
        form={form}
        mode="setup"
        submitLabel="Create the owner account"
        busyLabel="Creating the account…"
      />
    </AuthFrame>
  );
}
