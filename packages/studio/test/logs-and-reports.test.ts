import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedApiKeyView, ProjectView, RunDetail } from '../../server/src/studio/contract.ts';
import { llmFlow } from '../../server/test/support/llm-flows.ts';
import { TestLlmServer } from '../../server/test/support/llm-server.ts';
import { EXAMPLES, EXECUTE_QUERY, postGraphql } from '../../server/test/support/test-server.ts';
import { DESKTOP, PHONE, type StudioSession, startStudio } from './support/studio-browser.ts';

const run = promisify(execFile);
const OWNER = { email: 'owner@example.com', password: 'correct horse battery' };

/** A flow whose code node throws when asked to: the failing run the Logs must show. */
const CHECKER = {
  id: 'checker',
  name: 'Checker',
  description: 'Checks a word in a code node; fails on request.',
  nodes: [
    {
      id: 'triggerNode_1',
      type: 'triggerNode',
      data: {
        nodeId: 'graphqlNode',
        trigger: true,
        values: { nodeName: 'API Request', advance_schema: '{"word":"string","fail":"boolean?"}' },
      },
    },
    {
      id: 'codeNode_check',
      type: 'dynamicNode',
      data: {
        nodeId: 'codeNode',
        values: {
          nodeName: 'Check word',
          code: "const word = {{triggerNode_1.output.word}};\nif ({{triggerNode_1.output.fail}} === true) throw new Error('the checker refused ' + word);\noutput = { word, length: word.length };",
        },
      },
    },
    {
      id: 'responseNode_triggerNode_1',
      type: 'responseNode',
      data: {
        nodeId: 'graphqlResponseNode',
        values: {
          nodeName: 'API Response',
          outputMapping:
            '{"word":"{{codeNode_check.output.word}}","length":"{{codeNode_check.output.length}}"}',
        },
      },
    },
  ],
  edges: [
    { id: 'e1', source: 'triggerNode_1', target: 'codeNode_check', type: 'defaultEdge' },
    { id: 'e2', source: 'codeNode_check', target: 'responseNode_triggerNode_1', type: 'defaultEdge' },
    { id: 'e3', source: 'triggerNode_1', target: 'responseNode_triggerNode_1', type: 'responseEdge' },
  ],
};

interface Answer<T> {
  status: number;
  body: T;
}

/** Calls the Studio API from the page, with its session cookie and the CSRF header, as the Studio does. */
async function studioApi<T>(page: Page, method: string, apiPath: string, body?: unknown): Promise<Answer<T>> {
  return page.evaluate(
    async ([verb, target, payload]) => {
      const response = await fetch(`/studio/api${target}`, {
        method: verb,
        headers: { 'content-type': 'application/json', 'x-flowgate-studio': '1' },
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
      });
      return { status: response.status, body: await response.json() };
    },
    [method, apiPath, body] as const,
  ) as Promise<Answer<T>>;
}

/** A page whose waits give up after 15 s, so a failure names the step rather than the test's timeout. */
async function openPage(studio: StudioSession, viewport: { width: number; height: number }): Promise<Page> {
  const page = await studio.newPage(viewport);
  page.setDefaultTimeout(15_000);
  return page;
}

async function text(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? '';
}

function rows(page: Page) {
  return page.locator('[data-testid="runs-table"] tbody tr');
}

// Locators, not page-side string functions: the Studio's CSP (script-src 'self') refuses the eval
// that waitForFunction('…') needs.
const runRows = (page: Page) => page.locator('[data-testid="runs-table"] tbody tr');

async function waitForRowCount(page: Page, count: number) {
  await expect.poll(() => runRows(page).count(), { timeout: 15_000 }).toBe(count);
}

/** True when nothing on the page is wider than the window (no sideways scrolling of the page itself). */
async function fitsWidth(page: Page): Promise<boolean> {
  return (await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')) === true;
}

describe('Logs and Reports in the Studio', { timeout: 90_000 }, () => {
  let studio: StudioSession;
  let llm: TestLlmServer;
  let project: ProjectView;
  let apiKey: string;
  const requestIds: Record<string, string> = {};

  beforeAll(async () => {
    studio = await startStudio();
    llm = await TestLlmServer.start({ apiKey: 'sk-test' });
  });
  afterAll(async () => {
    await studio?.close();
    await llm?.close();
  });

  it('records a curl request and more runs, lists, filters, searches, traces and exports them', async () => {
    const page = await openPage(studio, DESKTOP);
    await page.goto('/studio/');
    expect((await studioApi(page, 'POST', '/setup', OWNER)).status).toBe(200);
    project = (await studioApi<ProjectView>(page, 'POST', '/projects', { name: 'Logs e2e' })).body;
    const created = await studioApi<CreatedApiKeyView>(page, 'POST', `/projects/${project.id}/keys`, {
      name: 'e2e key',
    });
    expect(created.status).toBe(200);
    apiKey = created.body.secret;

    const hello = JSON.parse(await readFile(path.join(EXAMPLES, 'hello.json'), 'utf8')) as unknown;
    const credential = await studioApi(page, 'PUT', `/projects/${project.id}/credentials/OpenAI`, {
      provider: 'openai',
      baseUrl: llm.baseUrl,
      apiKey: 'sk-test',
    });
    expect(credential.status).toBe(200);
    const insight = llmFlow('insight', {
      provider_name: 'openai',
      credential_name: 'OpenAI',
      model_name: 'gpt-4o-mini',
    });
    await studio.server.app.deploys.deploy(project.id, [hello, CHECKER, insight]);

    // Before any run: the empty state says how runs come to be.
    await page.goto(`/studio/projects/${project.id}/logs`);
    await page.getByText('No runs yet').waitFor();
    await studio.screenshot(page, 'logs-empty-desktop');

    // The integration guide's curl request, with the key made in the Studio.
    const body = JSON.stringify({
      query:
        'query ExecuteWorkflow($workflowId: String!, $payload: JSON) { executeWorkflow(workflowId: $workflowId, payload: $payload) { status result } }',
      variables: { workflowId: 'hello', payload: { url: 'https://example.com/article' } },
    });
    const { stdout } = await run('curl', [
      '-sS',
      '-X',
      'POST',
      studio.server.endpoint,
      '-H',
      `Authorization: Bearer ${apiKey}`,
      '-H',
      'Content-Type: application/json',
      '-H',
      `x-project-id: ${project.id}`,
      '-d',
      body,
    ]);
    expect(JSON.parse(stdout)).toMatchObject({ data: { executeWorkflow: { status: 'success' } } });

    const headers = { Authorization: `Bearer ${apiKey}`, 'x-project-id': project.id };
    for (const word of ['pineapple', 'banana']) {
      const answer = await postGraphql(
        studio.server.endpoint,
        { query: EXECUTE_QUERY, variables: { workflowId: 'checker', payload: { word } } },
        headers,
      );
      expect(answer.body.data?.executeWorkflow).toMatchObject({ status: 'success' });
    }
    llm.reply({ content: 'Tides follow the moon.', usage: { prompt_tokens: 1000, completion_tokens: 200 } });
    const model = await postGraphql(
      studio.server.endpoint,
      { query: EXECUTE_QUERY, variables: { workflowId: 'insight', payload: { topic: 'tides' } } },
      headers,
    );
    expect(model.body.data?.executeWorkflow).toMatchObject({ status: 'success' });
    const failed = await postGraphql(
      studio.server.endpoint,
      { query: EXECUTE_QUERY, variables: { workflowId: 'checker', payload: { word: 'durian', fail: true } } },
      headers,
    );
    expect(failed.body.errors?.[0]?.extensions.code).toBe('WORKFLOW_FAILED');

    // Logs: the five runs, newest first, once the recorder's batch is committed.
    await page.goto(`/studio/projects/${project.id}/logs`);
    await expect.poll(() => runRows(page).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    for (let attempt = 0; attempt < 20 && (await rows(page).count()) < 5; attempt++) {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForTimeout(200);
    }
    await waitForRowCount(page, 5);
    const table = await text(page.locator('[data-testid="runs-table"]'));
    expect(table).toContain('hello');
    expect(table).toContain('e2e key');
    // The model call's tokens and cost (1,000 + 200 tokens of gpt-4o-mini).
    expect(table).toMatch(/insight[\s\S]*1,200[\s\S]*\$0\.0003/);
    expect(await text(rows(page).first())).toMatch(/checker[\s\S]*Error/);
    await studio.screenshot(page, 'logs-desktop');

    // Filter by status: only the failed run, and the URL says so.
    await page.getByLabel('Status').selectOption('error');
    await waitForRowCount(page, 1);
    expect(page.url()).toContain('status=error');
    expect(await text(rows(page).first())).toContain('checker');
    await page.getByLabel('Status').selectOption('');
    await waitForRowCount(page, 5);

    // Search a payload word: debounced into the URL, and the view survives a reload.
    await page.getByLabel('Search inputs and outputs').fill('pineapple');
    await page.waitForURL(/q=pineapple/);
    await waitForRowCount(page, 1);
    await page.reload();
    await waitForRowCount(page, 1);
    expect(await page.getByLabel('Search inputs and outputs').inputValue()).toBe('pineapple');
    await studio.screenshot(page, 'logs-search-desktop');

    // The row is a real link (middle-click, new tab); open it with the keyboard.
    const link = rows(page).first().locator('a.run-link');
    const href = await link.getAttribute('href');
    expect(href).toMatch(new RegExp(`^/studio/projects/${project.id}/logs/[^/]+$`));
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/logs\/[^/?]+$/);
    const requestId = decodeURIComponent(page.url().split('/').at(-1) ?? '');
    requestIds.pineapple = requestId;
    await page.getByTestId('request-id').waitFor();
    expect(await text(page.getByTestId('request-id'))).toBe(requestId);

    // The trace: every node opens to its input, output and timings.
    const detail = (await studioApi<RunDetail>(page, 'GET', `/projects/${project.id}/runs/${requestId}`))
      .body;
    expect(detail.nodes.map((node) => node.nodeId)).toEqual([
      'triggerNode_1',
      'codeNode_check',
      'responseNode_triggerNode_1',
    ]);
    const toggles = page.locator('.trace-toggle');
    expect(await toggles.count()).toBe(3);
    for (const node of detail.nodes) {
      // By keyboard: each trace row is a real button.
      await page.locator(`#trace-node-${node.nodeId}`).focus();
      await page.keyboard.press('Enter');
      const details = page.getByTestId(`node-details-${node.nodeId}`);
      await details.waitFor();
      const shown = await text(details);
      expect(shown).toContain('Input');
      expect(shown).toContain('Output');
      expect(shown).toMatch(/in, took (<1|\d)/);
    }
    expect(await text(page.getByTestId('node-details-codeNode_check'))).toContain('"length": ');
    expect(await page.locator('.trace-bar').count()).toBe(3);
    await studio.screenshot(page, 'run-desktop');

    // Export this run as JSON (a browser download).
    const [runDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export JSON' }).click(),
    ]);
    const exported = JSON.parse(await readFile((await runDownload.path()) ?? '', 'utf8')) as RunDetail;
    expect(exported.requestId).toBe(requestId);
    expect(exported.payload).toEqual({ word: 'pineapple' });

    // The failed run: the error names the failing node, which is highlighted and open.
    await page.goto(`/studio/projects/${project.id}/logs?status=error`);
    await waitForRowCount(page, 1);
    await rows(page).first().locator('a.run-link').click();
    await page.getByTestId('run-error').waitFor();
    expect(await text(page.getByTestId('run-error'))).toContain('the checker refused durian');
    expect(await page.locator('.trace-row.is-failed').count()).toBe(1);
    expect(await text(page.locator('.trace-row.is-failed'))).toContain('Check word');
    await page.getByTestId('node-details-codeNode_check').waitFor();
    await studio.screenshot(page, 'run-error-desktop');

    // Filtered by flow: the model run, whose trace shows the LLM node's tokens.
    await page.goto(`/studio/projects/${project.id}/logs?flow=insight`);
    await waitForRowCount(page, 1);
    await rows(page).first().locator('a.run-link').click();
    await page.getByTestId('request-id').waitFor();
    await page.locator('#trace-node-LLMNode_1').click();
    expect(await text(page.getByTestId('node-details-LLMNode_1'))).toMatch(/Tokens1,200/);
    expect(await text(page.getByTestId('node-details-LLMNode_1'))).toContain('Tides follow the moon.');
    await studio.screenshot(page, 'run-llm-desktop');

    // A custom period: its bounds go in the URL, and a backwards period is refused with a sentence.
    await page.goto(`/studio/projects/${project.id}/logs`);
    await waitForRowCount(page, 5);
    await page.getByLabel('Period', { exact: true }).selectOption('custom');
    await page.waitForURL(/range=custom&from=\d+&to=\d+/);
    await waitForRowCount(page, 5);
    await page.getByLabel('From', { exact: true }).fill('2030-01-01T00:00');
    expect(await text(page.getByRole('alert'))).toContain('starts after it ends');
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await page.waitForURL(/\/logs$/);

    // Export CSV and JSON of the matching runs: the same filters as the page.
    await waitForRowCount(page, 5);
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const csv = await readFile((await csvDownload.path()) ?? '', 'utf8');
    const csvLines = csv.trim().split(/\r?\n/);
    expect(csvLines[0]).toContain('requestId');
    expect(csvLines).toHaveLength(6);
    expect(csv).toContain('pineapple');
    expect(csv).toContain('https://example.com/article');
    await page.getByLabel('Status').selectOption('error');
    await waitForRowCount(page, 1);
    const [jsonDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export JSON' }).click(),
    ]);
    const exportedRuns = JSON.parse(await readFile((await jsonDownload.path()) ?? '', 'utf8')) as RunDetail[];
    expect(exportedRuns).toHaveLength(1);
    expect(exportedRuns[0]).toMatchObject({
      flowId: 'checker',
      status: 'error',
      payload: { word: 'durian' },
    });

    // Reports: the request count and the error, as figures and charts.
    await page.goto(`/studio/projects/${project.id}/reports`);
    await page.getByTestId('total-requests').waitFor();
    expect(await text(page.getByTestId('total-requests'))).toBe('5');
    expect(await text(page.getByTestId('total-errors'))).toMatch(/^1 \(20%\)/);
    expect(await text(page.getByTestId('total-tokens'))).toBe('1,200');
    expect(await text(page.getByTestId('total-cost'))).toBe('$0.0003');
    expect(await page.locator('svg title').allTextContents()).toEqual(
      expect.arrayContaining(['Requests', 'Latency', 'Error rate', 'Tokens', 'Cost', 'Requests by flow']),
    );
    // A chart reads its points by keyboard: focus shows the tooltip of the latest period.
    const requestsChart = page.getByRole('slider', { name: /^Requests:/ });
    await requestsChart.focus();
    await page.locator('.chart-tooltip').waitFor();
    expect(await requestsChart.getAttribute('aria-valuetext')).toMatch(/Succeeded 4, Failed 1/);
    await page.keyboard.press('Escape');
    await studio.screenshot(page, 'reports-desktop');

    expect(studio.consoleErrors()).toEqual([]);
  });

  it('fits a 390-wide phone: Logs, a run and Reports', async () => {
    const page = await openPage(studio, PHONE);
    await page.goto('/studio/');
    expect((await studioApi(page, 'POST', '/login', OWNER)).status).toBe(200);
    await page.goto(`/studio/projects/${project.id}/logs`);
    await waitForRowCount(page, 5);
    expect(await fitsWidth(page)).toBe(true);
    await studio.screenshot(page, 'logs-phone');
    await page.goto(`/studio/projects/${project.id}/logs/${requestIds.pineapple}`);
    await page.locator('.trace-toggle').first().waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await studio.screenshot(page, 'run-phone');
    await page.goto(`/studio/projects/${project.id}/reports`);
    await page.getByTestId('total-requests').waitFor();
    await page.locator('.chart-plot svg').first().waitFor();
    const widths = await page
      .locator('.chart-plot svg')
      .evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().width));
    for (const width of widths) expect(width).toBeLessThanOrEqual(390);
    expect(await fitsWidth(page)).toBe(true);
    await studio.screenshot(page, 'reports-phone');
    expect(studio.consoleErrors()).toEqual([]);
  });

  it('pages through many runs with "Load more"', async () => {
    const headers = { Authorization: `Bearer ${apiKey}`, 'x-project-id': project.id };
    for (let index = 0; index < 60; index++) {
      await postGraphql(
        studio.server.endpoint,
        {
          query: EXECUTE_QUERY,
          variables: { workflowId: 'hello', payload: { url: `https://example.com/${index}` } },
        },
        headers,
      );
    }
    const page = await openPage(studio, DESKTOP);
    await page.goto('/studio/');
    expect((await studioApi(page, 'POST', '/login', OWNER)).status).toBe(200);
    await page.goto(`/studio/projects/${project.id}/logs`);
    await waitForRowCount(page, 50);
    await page.getByRole('button', { name: 'Load more' }).click();
    await waitForRowCount(page, 65);
    expect(await text(page.locator('.logs-footer'))).toContain('65 runs shown — that is all.');
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    expect(studio.consoleErrors()).toEqual([]);
  });
});
