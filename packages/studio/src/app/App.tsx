import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { LoginPage } from '../auth/LoginPage.tsx';
import { SetupPage } from '../auth/SetupPage.tsx';
import { SessionProvider } from '../auth/session.tsx';
import { ConnectPage } from '../connect/ConnectPage.tsx';
import { DeploymentsPage } from '../deployments/DeploymentsPage.tsx';
import { ApiDocsPage } from '../docs/ApiDocsPage.tsx';
import { FlowsPage } from '../flows/FlowsPage.tsx';
import { LogsPage } from '../logs/LogsPage.tsx';
import { RunPage } from '../logs/RunPage.tsx';
import { ProjectOverviewPage } from '../projects/ProjectOverviewPage.tsx';
import { ProjectsPage } from '../projects/ProjectsPage.tsx';
import { ReportsPage } from '../reports/ReportsPage.tsx';
import { ApiKeysPage } from '../settings/ApiKeysPage.tsx';
import { CredentialsPage } from '../settings/CredentialsPage.tsx';
import { SecretKeysPage } from '../settings/SecretKeysPage.tsx';
import { SecretsPage } from '../settings/SecretsPage.tsx';
import { ToastProvider } from '../ui/Toast.tsx';
import { ProjectLayout, ShellLayout } from './Layout.tsx';
import { RequireSession } from './RequireSession.tsx';

/** The editor (React Flow, dagre) is most of the bundle: loaded when a flow is opened, not at sign-in. */
const FlowEditorPage = lazy(() =>
  import('../flows/FlowEditorPage.tsx').then((module) => ({ default: module.FlowEditorPage })),
);

/** Every page of the Studio, under /studio. `P` pages live inside a project. */
export function App() {
  return (
    <BrowserRouter basename="/studio">
      <SessionProvider>
        <ToastProvider>
          <Routes>
            <Route path="/setup" element={<SetupPage />} />
            <Route path="/login" element={<LoginPage />} />
            <Route element={<RequireSession />}>
              <Route element={<ShellLayout />}>
                <Route path="/" element={<Navigate to="/projects" replace />} />
                <Route path="/projects" element={<ProjectsPage />} />
                <Route path="/projects/:projectId" element={<ProjectLayout />}>
                  <Route index element={<ProjectOverviewPage />} />
                  <Route path="flows" element={<FlowsPage />} />
                  <Route
                    path="flows/:flowId"
                    element={
                      <Suspense fallback={<p className="loading">Loading the editor…</p>}>
                        <FlowEditorPage />
                      </Suspense>
                    }
                  />
                  <Route path="flows/:flowId/connect" element={<ConnectPage />} />
                  <Route path="deployments" element={<DeploymentsPage />} />
                  <Route path="logs" element={<LogsPage />} />
                  <Route path="logs/:requestId" element={<RunPage />} />
                  <Route path="reports" element={<ReportsPage />} />
                  <Route path="api-docs" element={<ApiDocsPage />} />
                  <Route path="settings/api-keys" element={<ApiKeysPage />} />
                  <Route path="settings/secret-keys" element={<SecretKeysPage />} />
                  <Route path="settings/secrets" element={<SecretsPage />} />
                  <Route path="settings/credentials" element={<CredentialsPage />} />
                </Route>
                <Route path="*" element={<Navigate to="/projects" replace />} />
              </Route>
            </Route>
          </Routes>
        </ToastProvider>
      </SessionProvider>
    </BrowserRouter>
  );
}
