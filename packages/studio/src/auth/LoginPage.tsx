import type { SessionView } from '@flowgate/server/studio-contract';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api } from '../api/client.ts';
import type { ReturnState } from '../app/RequireSession.tsx';
import { Loading } from '../ui/Loading.tsx';
import { AuthFrame } from './AuthFrame.tsx';
import { CredentialsFields } from './CredentialsFields.tsx';
import { useSession } from './session.tsx';
import { useCredentialsForm } from './use-credentials-form.ts';

/** Signs in, then goes back to the page the visitor asked for (or the projects). */
export function LoginPage() {
  const { session, refresh } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const destination = returnPath(location.state);
  const form = useCredentialsForm(false, async (request) => {
    await api<SessionView>('POST', '/login', request);
    await refresh();
    await navigate(destination, { replace: true });
  });

  if (session === null) return <Loading />;
  if (session.setupRequired) return <Navigate to="/setup" replace />;
  if (session.user) return <Navigate to={destination} replace />;
  return (
    <AuthFrame title="Sign in" intro="Sign in with the owner account of this Studio.">
      <CredentialsFields form={form} mode="login" submitLabel="Sign in" busyLabel="Signing in…" />
    </AuthFrame>
  );
}

/** The in-Studio path the login page was sent from; never an outside URL. */
function returnPath(state: unknown): string {
  const from = (state as ReturnState | null)?.from;
  if (
    typeof from !== 'string' ||
    !from.startsWith('/') ||
    from.startsWith('//') ||
    from.startsWith('/login')
  ) {
    return '/projects';
  }
  return from;
}
