import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../auth/session.tsx';
import { Alert } from '../ui/Alert.tsx';
import { Loading } from '../ui/Loading.tsx';

/** Where a visitor wanted to go, carried through the login page. */
export interface ReturnState {
  from?: string;
}

/** Sends a visitor to the owner setup (first start) or to the login page; renders the page otherwise. */
export function RequireSession() {
  const { session, error } = useSession();
  const location = useLocation();
  if (error && session === null) {
    return (
      <main className="page" id="main">
        <Alert title="The Studio cannot reach its server">{error}</Alert>
      </main>
    );
  }
  if (session === null) return <Loading />;
  if (session.setupRequired) return <Navigate to="/setup" replace />;
  if (!session.user) {
    const state: ReturnState = { from: `${location.pathname}${location.search}${location.hash}` };
    return <Navigate to="/login" replace state={state} />;
  }
  return <Outlet />;
}
