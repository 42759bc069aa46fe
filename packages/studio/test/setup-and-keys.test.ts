import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, REPOSITORY_ROOT } from '../../server/test/support/test-server.ts';
import { DESKTOP, PHONE, type StudioSession, startStudio } from './support/studio-browser.ts';

const run = promisify(execFile);

const OWNER = { email: 'owner@example.com', password: 'correct horse battery' };
const EXECUTE_QUERY =
  'query ExecuteWorkflow($workflowId: String!, $payload: JSON) { executeWorkflow(workflowId: $workflowId, payload: $payload) { status result } }';

/** Finds curl once: the test runs the real binary when there is one, and says so when it falls back. */
async function curlPath(): Promise<string | null> {
  try {
    return (await run('which', ['curl'])).stdout.trim() || null;
  } catch {
    return null;
  }
}

interface CurlAnswer {
  status: number;
  body: { data?: unknown; errors?: { extensions?: { code?: string } }[] };
}

/** The seed's curl request, argument for argument; answers the HTTP status and the parsed body. */
async function seedCurl(
  curl: string | null,
  endpoint: string,
  projectId: string,
  key: string,
): Promise<CurlAnswer> {
  const body = JSON.stringify({
    query: EXECUTE_QUERY,
    variables: { workflowId: 'hello', payload: { url: 'https://example.com/article' } },
  });
  if (curl === null) {
    console.warn('curl is not installed: the seed request is sent with fetch instead.');
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${key}`,
        'Content-Type': 'application/json',
        'x-project-id': projectId,
      },
      body,
    });
    return { status: response.status, body: (await response.json()) as CurlAnswer['body'] };
  }
  const { stdout } = await run(curl, [
    '-sS',
    '-X',
    'POST',
    endpoint,
    '-H',
    `Authorization: Bearer ${key}`,
    '-H',
    'Content-Type: application/json',
    '-H',
    `x-project-id: ${projectId}`,
    '-d',
    body,
    '-w',
    '\n%{http_code}',
  ]);
  const cut = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(cut + 1)), body: JSON.parse(stdout.slice(0, cut)) };
}

async function heading(page: Page, text: string | RegExp): Promise<void> {
  try {
    await page.getByRole('heading', { level: 1, name: text }).waitFor({ timeout: 15_000 });
  } catch (error) {
    const body = await page.evaluate<string>('document.body.innerText');
    throw new Error(`No heading "${text}" at ${page.url()}; the page says: ${body.slice(0, 600)}`, {
      cause: error,
    });
  }
}

/** The page does not scroll sideways: everything fits the viewport's width (tables scroll in their own box). */
async function pageWidth(page: Page): Promise<number> {
  return page.evaluate<number>('document.scrollingElement.scrollWidth');
}

/** Presses Tab until the focused element is named `name` (at most 60 times), like a keyboard user. */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let step = 0; step < 60; step++) {
    if ((await focusedText(page)) === name) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached "${name}".`);
}

/** The focused element's aria-label, else its text. */
async function focusedText(page: Page): Promise<string> {
  return page.evaluate<string>(
    "(document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '').trim()",
  );
}

/** A link of the project navigation. */
function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name, exact: true });
}

describe('Studio: owner setup → project → API key → the seed curl → revoke → 401', () => {
  let studio: StudioSession;
  let curl: string | null;

  beforeAll(async () => {
    studio = await startStudio();
    curl = await curlPath();
  });
  afterAll(async () => {
    await studio?.close();
  });

  it('walks the seed first steps in the browser, with the keyboard, on desktop and phone', async () => {
    const endpoint = studio.server.endpoint;

    // First start, on a phone: the setup page fits 390 px.
    const phone = await studio.newPage(PHONE);
    await phone.goto('/studio/');
    await heading(phone, 'Set up your Studio');
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE.width);
    await studio.screenshot(phone, 'shell-setup-phone');

    // Owner setup on desktop: a bad password is refused next to its field, then the account is made.
    const page = await studio.newPage(DESKTOP);
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: studio.server.url });
    await page.goto('/studio/projects');
    await heading(page, 'Set up your Studio');
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel(/^Password \(required\)$/).fill('short');
    await page.getByLabel('Repeat the password').fill('short');
    await page.getByRole('button', { name: 'Create the owner account' }).click();
    await expect
      .poll(() => page.locator('.field-error').first().textContent())
      .toContain('it needs at least 10');
    await studio.screenshot(page, 'shell-setup-desktop');
    await page.getByLabel(/^Password \(required\)$/).fill(OWNER.password);
    await page.getByLabel('Repeat the password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Create the owner account' }).click();
    await heading(page, 'Projects');
    await page.getByText('No projects yet').waitFor();
    await studio.screenshot(page, 'shell-projects-empty-desktop');

    // Create a project; the overview shows its Project ID and Project URL with copy buttons.
    await page.getByRole('button', { name: 'New project' }).click();
    await page.getByRole('dialog', { name: 'Create a project' }).waitFor();
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByText('Give the project a name').waitFor();
    await page.getByLabel('Project name').fill('Support bot');
    await studio.screenshot(page, 'shell-project-create-desktop');
    await page.getByRole('button', { name: 'Create project' }).click();
    await heading(page, 'Support bot');
    const projectId = await page.getByTestId('project-id').inputValue();
    expect(projectId).toMatch(/^[0-9a-f-]{36}$/);
    expect(page.url()).toContain(`/studio/projects/${projectId}`);
    expect(await page.getByTestId('project-url').inputValue()).toBe(endpoint);
    await page.getByRole('button', { name: 'Copy Project ID' }).click();
    await page.getByRole('button', { name: 'Copy Project ID: Copied' }).waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(projectId);
    await studio.screenshot(page, 'shell-project-overview-desktop');

    // Smart retries: PUT settings, and the answer is kept.
    await page.getByRole('switch', { name: 'Smart retries' }).click();
    await page.getByText('Smart retries are on.').waitFor();
    const saved = await page.request.get(`/studio/api/projects/${projectId}`);
    expect((await saved.json()).settings).toEqual({ smartRetries: true });

    // Settings → API Keys → Create a New API Key, by keyboard only (Tab, Enter, Space, arrows in the select).
    await nav(page, 'API Keys').click();
    await heading(page, 'API Keys');
    await page.getByText('No API keys yet').waitFor();
    await tabTo(page, 'Create a New API Key');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Create a New API Key' }).waitFor();
    await page.keyboard.type('Production backend'); // the dialog opens on the Name field
    await page.keyboard.press('Tab'); // Expires
    await page.keyboard.press('ArrowDown'); // 1 hour
    await page.keyboard.press('ArrowDown'); // 1 day
    await page.keyboard.press('ArrowDown'); // 30 days
    expect(await page.getByLabel('Expires').inputValue()).toBe('30d');
    await page.keyboard.press('Tab'); // Run flows
    await page.keyboard.press('Tab'); // Read runs
    await page.keyboard.press('Space'); // … unchecked
    expect(await page.getByRole('checkbox', { name: /Read runs/ }).isChecked()).toBe(false);
    await tabTo(page, 'Create key');
    await studio.screenshot(page, 'shell-api-key-create-desktop');
    await page.keyboard.press('Enter');
    const shown = page.getByTestId('created-api-key');
    await shown.waitFor();
    await page.getByText("Copy it now — you won't see it again.").waitFor();
    const apiKey = ((await shown.textContent()) ?? '').trim(); // read from the page, not the API
    expect(apiKey).toMatch(/^fg_[0-9A-Za-z]{20,}$/);
    await studio.screenshot(page, 'shell-api-key-shown-once-desktop');
    expect(await focusedText(page)).toBe('Copy the API key'); // the shown key's copy button has the focus
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedText(page)).toContain('Copied');
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(apiKey);
    await tabTo(page, 'Done');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(await focusedText(page)).toBe('Create a New API Key'); // focus returned to the opener
    const row = page.getByRole('row', { name: /Production backend/ });
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain(`…${apiKey.slice(-4)}`);
    expect(rowText).toContain('flows:execute, feedback:write');
    expect(rowText).toContain('Active');
    expect(rowText).not.toContain(apiKey);
    await studio.screenshot(page, 'shell-api-keys-desktop');

    // Deploy the example flow through the Studio API (the editor is another page's work).
    const hello = await readFile(path.join(EXAMPLES, 'hello.json'), 'utf8');
    const studioHeaders = { 'content-type': 'application/json', 'x-flowgate-studio': '1' };
    const imported = await page.request.post(`/studio/api/projects/${projectId}/flows/import`, {
      headers: studioHeaders,
      data: { format: 'json', content: hello },
    });
    expect(imported.status(), await imported.text()).toBe(200);
    const deployed = await page.request.post(`/studio/api/projects/${projectId}/deployments`, {
      headers: studioHeaders,
      data: {},
    });
    expect(deployed.status(), await deployed.text()).toBeLessThan(300);

    // The seed's curl request with the key read from the page: success.
    const first = await seedCurl(curl, endpoint, projectId, apiKey);
    expect(first).toEqual({
      status: 200,
      body: {
        data: {
          executeWorkflow: {
            status: 'success',
            result: { url: 'https://example.com/article', greeting: 'Hello from Flowgate' },
          },
        },
      },
    });

    // The Connect panel: ids, endpoint and snippets that run as pasted (only the key filled in).
    await page.goto(`/studio/projects/${projectId}/flows/hello/connect`);
    await heading(page, 'Connect “Hello”');
    expect(await page.getByTestId('flow-id').inputValue()).toBe('hello');
    expect(await page.getByTestId('project-id').inputValue()).toBe(projectId);
    const curlSnippet = (await page.getByTestId('snippet-curl').textContent()) ?? '';
    expect(curlSnippet).toContain('YOUR_API_KEY');
    expect(curlSnippet).toContain(projectId);
    await studio.screenshot(page, 'shell-connect-desktop');
    if (curl !== null) {
      const pasted = await run('sh', ['-c', curlSnippet.replace('YOUR_API_KEY', apiKey)]);
      expect(JSON.parse(pasted.stdout)).toEqual({
        data: {
          executeWorkflow: {
            status: 'success',
            result: { url: 'https://example.com', greeting: 'Hello from Flowgate' },
          },
        },
      });
    }
    for (const [tab, expected] of [
      ['fetch', "'x-project-id'"],
      ['Python', 'requests.post('],
      ['lamatic SDK', 'executeFlow('],
      ['Flowgate SDK', 'executeWorkflow('],
    ] as const) {
      await page.getByRole('tab', { name: tab }).click();
      await expect.poll(() => page.getByRole('tabpanel').textContent()).toContain(expected);
    }
    await page.getByRole('tab', { name: 'axios' }).click();
    const axiosSnippet = (await page.getByTestId('snippet-axios').textContent()) ?? '';
    await studio.screenshot(page, 'shell-connect-axios-desktop');
    const directory = path.join(REPOSITORY_ROOT, 'test-output');
    await mkdir(directory, { recursive: true });
    const file = path.join(directory, `connect-axios-${process.pid}.cjs`);
    await writeFile(file, axiosSnippet);
    const axiosRun = await run('node', [file], { env: { ...process.env, LAMATIC_API_KEY: apiKey } });
    expect(axiosRun.stdout).toContain("status: 'success'");

    // API Docs: the deployed flow's inputs and outputs, and a Try-it request with the key.
    await nav(page, 'API Docs').click();
    await heading(page, 'API Docs');
    await page.getByRole('heading', { level: 2, name: 'Hello' }).waitFor();
    expect(await page.getByRole('region', { name: 'Hello input fields' }).textContent()).toContain('url');
    await page.getByRole('tab', { name: 'Try it' }).click();
    await page.getByLabel('API key').fill(apiKey);
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByText('HTTP 200').waitFor();
    expect(await page.getByRole('region', { name: 'Response' }).textContent()).toContain(
      'Hello from Flowgate',
    );
    await studio.screenshot(page, 'shell-api-docs-desktop');

    // Revoke the key in the Studio; the next request with it gets 401.
    await nav(page, 'API Keys').click();
    await heading(page, 'API Keys');
    await page.getByRole('button', { name: 'Revoke Production backend' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke “Production backend”?' });
    await confirm.waitFor();
    expect(await focusedText(page)).toBe('Cancel');
    await studio.screenshot(page, 'shell-api-key-revoke-desktop');
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await page.getByText('is revoked: requests with it now get 401').waitFor();
    expect(await page.getByRole('row', { name: /Production backend/ }).textContent()).toContain('Revoked');
    const after = await seedCurl(curl, endpoint, projectId, apiKey);
    expect(after.status).toBe(401);
    expect(after.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    await otherSettingsPages(studio, page, projectId);
    await loginAndPhonePages(studio, phone, projectId);
    expect(studio.consoleErrors()).toEqual([]);
  }, 120_000);
});

/** Secret keys (shown once, revoke), secrets (set, replace, delete) and model credentials. */
async function otherSettingsPages(studio: StudioSession, page: Page, projectId: string): Promise<void> {
  await nav(page, 'Secret Keys').click();
  await heading(page, 'Secret Keys');
  await page.getByRole('button', { name: 'Create a secret key' }).click();
  const secret = ((await page.getByTestId('created-secret-key').textContent()) ?? '').trim();
  expect(secret.length).toBeGreaterThan(20);
  await studio.screenshot(page, 'shell-secret-key-shown-once-desktop');
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  await page.getByRole('button', { name: /^Revoke secret key / }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke secret key', exact: true }).click();
  await page.getByText('The secret key is revoked').waitFor();
  expect(await page.getByRole('region', { name: 'Secret keys' }).textContent()).toContain('Revoked');
  await studio.screenshot(page, 'shell-secret-keys-desktop');

  await nav(page, 'Secrets').click();
  await heading(page, 'Secrets');
  await page.getByRole('button', { name: 'Add a secret' }).click();
  await page.getByLabel('Name').fill('bad name');
  await page.getByLabel('Value').fill('s3cret-value');
  await page.getByRole('button', { name: 'Add secret' }).click();
  await page.getByText('cannot be used in a template').waitFor();
  await page.getByLabel('Name').fill('CRM_TOKEN');
  await page.getByRole('button', { name: 'Add secret' }).click();
  await page.getByRole('row', { name: /CRM_TOKEN/ }).waitFor();
  expect(await page.locator('main').textContent()).not.toContain('s3cret-value');
  await page.getByRole('button', { name: 'Replace the value of CRM_TOKEN' }).click();
  await page.getByLabel('New value').fill('another-value');
  await page.getByRole('button', { name: 'Replace value' }).click();
  await page.getByText('The value of “CRM_TOKEN” is replaced.').waitFor();
  await studio.screenshot(page, 'shell-secrets-desktop');

  await nav(page, 'Model Credentials').click();
  await heading(page, 'Model Credentials');
  await page.getByRole('button', { name: 'Add a credential' }).click();
  await page.getByLabel('Name').fill('Local Ollama');
  await page.getByLabel('Provider').selectOption('openai-compatible');
  await page.getByLabel('Base URL').fill('not a url');
  await page.getByRole('button', { name: 'Add credential' }).click();
  await page.getByText('is not a URL').waitFor();
  await page.getByLabel('Base URL').fill('http://127.0.0.1:11434/v1');
  await page.getByLabel('Default model').fill('llama3.1');
  await studio.screenshot(page, 'shell-credential-dialog-desktop');
  await page.getByRole('button', { name: 'Add credential' }).click();
  await page.getByRole('row', { name: /Local Ollama/ }).waitFor();
  await studio.screenshot(page, 'shell-credentials-desktop');
  const stored = await page.request.get(`/studio/api/projects/${projectId}/credentials`);
  expect(await stored.json()).toEqual([
    expect.objectContaining({
      name: 'Local Ollama',
      provider: 'openai-compatible',
      defaultModel: 'llama3.1',
    }),
  ]);

  // Logout, then a deep link: the login page sends the owner back to it.
  await page.getByRole('button', { name: 'Log out' }).click();
  await heading(page, 'Sign in');
  await page.goto(`/studio/projects/${projectId}/settings/secrets`);
  await heading(page, 'Sign in');
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel(/^Password \(required\)$/).fill('wrong password!');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.alert-danger').waitFor();
  await studio.screenshot(page, 'shell-login-desktop');
  await page.getByLabel(/^Password \(required\)$/).fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading(page, 'Secrets');
  expect(page.url()).toContain(`/studio/projects/${projectId}/settings/secrets`);
}

/** Every page of this part at 390×844: nothing scrolls the page sideways. */
async function loginAndPhonePages(studio: StudioSession, phone: Page, projectId: string): Promise<void> {
  await phone.goto('/studio/login');
  await heading(phone, 'Sign in');
  expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE.width);
  await studio.screenshot(phone, 'shell-login-phone');
  await phone.getByLabel('Email').fill(OWNER.email);
  await phone.getByLabel(/^Password \(required\)$/).fill(OWNER.password);
  await phone.getByRole('button', { name: 'Sign in' }).click();
  await heading(phone, 'Projects');
  const base = `/studio/projects/${projectId}`;
  const pages: [string, string, string][] = [
    ['/studio/projects', 'Projects', 'projects'],
    [base, 'Support bot', 'project-overview'],
    [`${base}/settings/api-keys`, 'API Keys', 'api-keys'],
    [`${base}/settings/secret-keys`, 'Secret Keys', 'secret-keys'],
    [`${base}/settings/secrets`, 'Secrets', 'secrets'],
    [`${base}/settings/credentials`, 'Model Credentials', 'credentials'],
    [`${base}/flows/hello/connect`, 'Connect “Hello”', 'connect'],
    [`${base}/api-docs`, 'API Docs', 'api-docs'],
  ];
  for (const [url, title, name] of pages) {
    await phone.goto(url);
    await heading(phone, title);
    await phone.locator('.loading').waitFor({ state: 'detached' });
    expect(await pageWidth(phone), `${name} at 390 px`).toBeLessThanOrEqual(PHONE.width);
    await studio.screenshot(phone, `shell-${name}-phone`);
  }
  await phone.goto(`${base}/settings/api-keys`);
  await phone.getByRole('button', { name: 'Create a New API Key' }).click();
  await phone.getByRole('dialog').waitFor();
  expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE.width);
  await studio.screenshot(phone, 'shell-api-key-create-phone');
}
