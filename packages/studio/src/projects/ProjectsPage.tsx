import type { ProjectView } from '@flowgate/server/studio-contract';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Badge } from '../ui/Badge.tsx';
import { EmptyState } from '../ui/EmptyState.tsx';
import { formatRelativeTime } from '../ui/format-time.ts';
import { Loaded } from '../ui/Loaded.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { useToast } from '../ui/Toast.tsx';
import { useApiGet } from '../ui/use-api-get.ts';
import { CreateProjectDialog } from './CreateProjectDialog.tsx';

/** Every project, as cards; "New project" opens the create dialog and then the new project. */
export function ProjectsPage() {
  const projects = useApiGet<ProjectView[]>('/projects');
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const toast = useToast();
  const create = (
    <button type="button" className="button" onClick={() => setCreating(true)}>
      New project
    </button>
  );

  return (
    <main className="page" id="main" tabIndex={-1}>
      <PageHeader
        title="Projects"
        description="Each project has its own flows, API keys, logs and GraphQL endpoint."
        actions={projects.data && projects.data.length > 0 ? create : null}
      />
      <Loaded resource={projects} what="The projects">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No projects yet" action={create}>
              Create a project to get a Project ID and endpoint, make an API key and deploy your first flow.
            </EmptyState>
          ) : (
            <ul className="cards" aria-label="Projects">
              {list.map((project) => (
                <li className="card" key={project.id}>
                  <h2 className="card-title">
                    <Link to={`/projects/${project.id}`}>{project.name}</Link>
                  </h2>
                  <p className="card-meta mono">{project.id}</p>
                  <p className="card-meta">
                    {project.activeDeployment === null ? (
                      <Badge>Not deployed</Badge>
                    ) : (
                      <Badge tone="ok">Deployment #{project.activeDeployment}</Badge>
                    )}{' '}
                    Created {formatRelativeTime(project.createdAt)}
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <CreateProjectDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(project) => {
          setCreating(false);
          toast.show(`Project “${project.name}” created.`);
          void navigate(`/projects/${project.id}`);
        }}
      />
    </main>
  );
}
