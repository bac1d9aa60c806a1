import { useEffect, useState } from 'preact/hooks';
import { AlertsPage } from './alerts/page.js';
import { api, setUnauthorizedHandler, type Me, type Project } from './api.js';
import { IssueDetailPage } from './issues/detail/page.js';
import { IssueListPage } from './issues/list/page.js';
import { AcceptInvite } from './invite.js';
import { Login } from './login.js';
import { MembersPage } from './members.js';
import { ReleasePage } from './releases/release-page.js';
import { ReleasesPage } from './releases/list.js';
import { navigate, onLink, useRoute } from './router.js';
import { SettingsPage } from './settings.js';
import { ShortcutsHelp } from './shortcuts.js';
import { useApi, useLatest } from './use-api.js';

export function App() {
  const route = useRoute();
  const me = useApi<Me>('/api/auth/me');
  // the session as this page knows it: logged in here (email), or ended (logout, expiry, revocation)
  const [loggedIn, setLoggedIn] = useState<{ email: string } | null>(null);
  const [ended, setEnded] = useState<{ expired: boolean } | null>(null);
  const session = ended
    ? ({ state: 'out', expired: ended.expired } as const)
    : loggedIn || me.data
      ? ({ state: 'in', email: loggedIn?.email ?? me.data?.user?.email ?? null } as const)
      : me.error
        ? ({ state: 'out', expired: false } as const)
        : ({ state: 'checking' } as const);
  const wasIn = useLatest(session.state === 'in');
  useEffect(() => {
    // a 401 while logged in means the session ended (expired, revoked or its cookie gone): say so
    setUnauthorizedHandler((expired) => setEnded({ expired: expired || wasIn.current }));
  }, [wasIn]);
  const projectList = useApi<{ projects: Project[] }>(session.state === 'in' ? '/api/projects' : null);
  const projects = projectList.error ? [] : (projectList.data?.projects ?? null);

  // an invite link works logged out (and logs in as the new member)
  const invite = /^\/invite\/([^/]+)$/.exec(route.path);
  if (invite) {
    return (
      <AcceptInvite
        token={decodeURIComponent(invite[1]!)}
        // a fresh start: the session cookie is set, everything is loaded as a member
        onAccepted={() => location.assign('/')}
      />
    );
  }
  if (session.state === 'checking') return <div class="center muted">Loading…</div>;
  if (session.state === 'out') {
    return (
      <Login
        expired={session.expired}
        onLogin={(email) => {
          setEnded(null);
          setLoggedIn({ email });
          me.reload();
          projectList.reload();
        }}
      />
    );
  }
  if (!projects) return <div class="center muted">Loading projects…</div>;
  if (!projects.length) return <div class="center">No project is visible to you.</div>;

  const m = /^\/p\/(\d+)(\/.*)?$/.exec(route.path);
  const project = projects.find((p) => p.id === Number(m?.[1])) ?? null;
  if (!project && m) {
    const home = `/p/${projects[0]!.id}/issues`;
    return (
      <div class="center">
        <p>Project {m[1]} does not exist, or you may not see it.</p>
        <a href={home} onClick={(e) => onLink(e, home)}>
          Go to {projects[0]!.name}
        </a>
      </div>
    );
  }
  if (!project) {
    navigate(`/p/${projects[0]!.id}/issues`, true); // "/" and paths outside a project
    return null;
  }
  const rest = m?.[2] ?? '/issues';
  const base = `/p/${project.id}`;
  const issueMatch = /^\/issues\/(\d+)$/.exec(rest);
  const releaseMatch = /^\/releases\/([^/]+)$/.exec(rest);
  const tab = rest.startsWith('/releases')
    ? 'releases'
    : rest.startsWith('/alerts')
      ? 'alerts'
      : rest.startsWith('/settings')
        ? 'settings'
        : rest.startsWith('/members')
          ? 'members'
          : 'issues';

  const logout = async () => {
    await api('/api/auth/logout', { method: 'POST' }).catch(() => {});
    setLoggedIn(null);
    setEnded({ expired: false });
  };

  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href={`${base}/issues`} onClick={(e) => onLink(e, `${base}/issues`)}>
          Faultline
        </a>
        <select
          class="project-switch"
          aria-label="Project"
          value={String(project.id)}
          onChange={(e) => navigate(`/p/${(e.target as HTMLSelectElement).value}/issues`)}
        >
          {projects.map((p) => (
            <option value={String(p.id)}>{p.name}</option>
          ))}
        </select>
        <nav>
          {(['issues', 'releases', 'alerts', 'members', 'settings'] as const).map((t) => (
            <a
              class={tab === t ? 'active' : ''}
              href={`${base}/${t}`}
              onClick={(e) => onLink(e, `${base}/${t}`)}
            >
              {t[0]!.toUpperCase() + t.slice(1)}
            </a>
          ))}
        </nav>
        <span class="spacer" />
        <span class="muted small">{session.email}</span>
        <button class="link" onClick={logout}>
          Log out
        </button>
      </header>
      <main>
        {issueMatch ? (
          <IssueDetailPage
            project={project}
            issueId={Number(issueMatch[1])}
            route={route}
            myEmail={me.data?.user?.email ?? null}
          />
        ) : releaseMatch ? (
          <ReleasePage project={project} version={decodePath(releaseMatch[1]!)} route={route} />
        ) : tab === 'releases' ? (
          <ReleasesPage project={project} route={route} />
        ) : tab === 'alerts' ? (
          <AlertsPage project={project} />
        ) : tab === 'members' && me.data?.user ? (
          <MembersPage me={me.data.user} />
        ) : tab === 'settings' ? (
          <SettingsPage
            project={project}
            projects={projects}
            me={me.data?.user ?? null}
            onProjectsChanged={projectList.reload}
          />
        ) : (
          <IssueListPage project={project} route={route} />
        )}
      </main>
      <ShortcutsHelp />
    </div>
  );
}

/** A path segment as written; one that is not valid percent-encoding is taken as it is. */
function decodePath(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
