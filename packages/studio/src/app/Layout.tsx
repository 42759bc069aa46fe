import type { ProjectView } from '@flowgate/server/studio-contract';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { api, StudioApiError } from '../api/client.ts';
import { useSession } from '../auth/session.tsx';
import { Alert } from '../ui/Alert.tsx';
import { describeError } from '../ui/describe-error.ts';
import { Loading } from '../ui/Loading.tsx';
import { useToast } from '../ui/Toast.tsx';

/** The frame around every signed-in page: skip link, brand, the user and logout. Pages render their own <main id="main">. */
export function ShellLayout() {
  const { session, refresh } = useSession();
  const navigate = useNavigate();
  const toast = useToast();
  async function logout() {
    try {
      await api('POST', '/logout');
      await refresh();
      await navigate('/login');
    } catch (cause) {
      toast.show(`Could not log out: ${describeError(cause)}`, 'danger');
    }
  }
  return (
    <div className="shell">
      <SkipLink />
      <header className="topbar">
        <Link to="/projects" className="brand">
          <span className="brand-mark" aria-hidden="true">
            F
          </span>
          Flowgate Studio
        </Link>
        <span className="spacer" />
        <span className="user" title={session?.user?.email}>
          {session?.user?.email}
        </span>
        <button type="button" className="button secondary small" onClick={() => void logout()}>
          Log out
        </button>
      </header>
      <Outlet />
    </div>
  );
}

/** Jumps over the navigation to the page's <main id="main">. */
export function SkipLink() {
  return (
    <a className="skip-link" href="#main">
      Skip to content
    </a>
  );
}

interface ProjectState {
  project: ProjectView;
  reload(): Promise<void>;
}

const ProjectContext = createContext<ProjectState | null>(null);

/** The project of the current route, loaded once by ProjectLayout. */
export function useProject(): ProjectState {
  const state = useContext(ProjectContext);
  if (!state) throw new Error('useProject() is used outside a project page.');
  return state;
}

interface Section {
  to: string;
  label: string;
  end?: boolean;
}

const SECTION_GROUPS: { title: string; sections: Section[] }[] = [
  {
    title: 'Build',
    sections: [
      { to: '', label: 'Overview', end: true },
      { to: 'flows', label: 'Flows' },
      { to: 'deployments', label: 'Deployments' },
    ],
  },
  {
    title: 'Observe',
    sections: [
      { to: 'logs', label: 'Logs' },
      { to: 'reports', label: 'Reports' },
    ],
  },
  { title: 'Integrate', sections: [{ to: 'api-docs', label: 'API Docs' }] },
  {
    title: 'Settings',
    sections: [
      { to: 'settings/api-keys', label: 'API Keys' },
      { to: 'settings/secret-keys', label: 'Secret Keys' },
      { to: 'settings/secrets', label: 'Secrets' },
      { to: 'settings/credentials', label: 'Model Credentials' },
    ],
  },
];

/** A project's pages: the section navigation (a sideways-scrolling row on a phone) and the page. */
export function ProjectLayout() {
  const { projectId = '' } = useParams();
  const [project, setProject] = useState<ProjectView | null>(null);
  const [error, setError] = useState<{ message: string; notFound: boolean } | null>(null);
  const reload = useCallback(async () => {
    try {
      setProject(await api<ProjectView>('GET', `/projects/${encodeURIComponent(projectId)}`));
      setError(null);
    } catch (cause) {
      setError({
        message: describeError(cause),
        notFound: cause instanceof StudioApiError && cause.status === 404,
      });
    }
  }, [projectId]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const state = useMemo(() => (project ? { project, reload } : null), [project, reload]);

  if (error && !project) {
    return (
      <main className="page" id="main" tabIndex={-1}>
        <Alert title={error.notFound ? 'This project does not exist' : 'The project could not be loaded'}>
          <p>{error.message}</p>
          <Link to="/projects">Back to the projects</Link>
        </Alert>
      </main>
    );
  }
  if (!state) return <Loading what="Loading the project…" />;
  return (
    <ProjectContext.Provider value={state}>
      <div className="project">
        <ProjectNavigation project={state.project} />
        <main className="content" id="main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </ProjectContext.Provider>
  );
}

function ProjectNavigation({ project }: { project: ProjectView }) {
  const location = useLocation();
  const scroller = useRef<HTMLDivElement>(null);
  // On a phone the row scrolls sideways: keep the current section in view after each navigation.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path is the trigger (the active link changes with it).
  useEffect(() => {
    const row = scroller.current;
    const active = row?.querySelector<HTMLElement>('a.active');
    if (!row || !active) return;
    const left = active.offsetLeft - row.offsetLeft;
    if (left < row.scrollLeft || left + active.offsetWidth > row.scrollLeft + row.clientWidth) {
      row.scrollLeft = Math.max(0, left - 16);
    }
    // The path is the trigger: the active link changes with it.
  }, [location.pathname]);
  return (
    <nav className="sidebar" aria-label="Project">
      <p className="project-name">{project.name}</p>
      <div className="sidebar-scroll" ref={scroller}>
        {SECTION_GROUPS.map((group) => (
          <div className="sidebar-section" key={group.title}>
            <p className="sidebar-group" id={`nav-${group.title}`}>
              {group.title}
            </p>
            <ul className="sidebar-links" aria-labelledby={`nav-${group.title}`}>
              {group.sections.map((section) => (
                <li key={section.to}>
                  <NavLink
                    to={`/projects/${project.id}${section.to ? `/${section.to}` : ''}`}
                    end={section.end ?? false}
                  >
                    {section.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </nav>
  );
}
