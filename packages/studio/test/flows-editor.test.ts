import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestLlmServer } from '../../server/test/support/llm-server.ts';
import { DESKTOP, PHONE, type StudioSession, startStudio } from './support/studio-browser.ts';

const KITS = '/work/shared/lamatic-kits';
const KIT = 'error-log-summariser';
const OWNER = { email: 'owner@example.test', password: 'correct horse battery' };

/**
 * An answer the kit's response sanitizer accepts: a "## " section for each name in its own
 * `requiredSections` list, read from the kit so the test follows the kit.
 */
async function sanitizerApprovedAnswer(): Promise<string> {
  const script = await readFile(path.join(KITS, KIT, 'scripts', `${KIT}_response-sanitizer_code.ts`), 'utf8');
  const list = /const requiredSections = \[([^\]]*)\]/.exec(script)?.[1] ?? '';
  const sections = [...list.matchAll(/"([^"]+)"/g)].map((match) => match[1]);
  if (sections.length === 0) throw new Error('the sanitizer no longer lists requiredSections');
  return sections.map((section) => `## ${section}\nNotes on ${section?.toLowerCase()}.`).join('\n\n');
}

/** The kit folder zipped the way a person would: everything under one top-level folder. */
async function zipKit(name: string): Promise<Buffer> {
  const root = path.join(KITS, name);
  const entries: Record<string, Uint8Array> = {};
  for (const relative of await readdir(root, { recursive: true, withFileTypes: false })) {
    const full = path.join(root, relative);
    const text = await readFile(full, 'utf8').catch(() => null);
    if (text !== null) entries[`${name}/${relative}`] = strToU8(text);
  }
  return Buffer.from(zipSync(entries));
}

/** Calls the Studio API from the page, as the Studio itself does (cookie + CSRF header). */
async function studioApi<T>(page: Page, method: string, url: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const response = await fetch(`/studio/api${url}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-flowgate-studio': '1' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text}`);
      return JSON.parse(text);
    },
    { method, url, body },
  ) as Promise<T>;
}

/** A flow as Lamatic exports it to JSON: trigger → response, no positions. */
const PASTED_FLOW = {
  id: 'pasted',
  name: 'Pasted',
  nodes: [
    {
      id: 'triggerNode_1',
      type: 'triggerNode',
      data: {
        nodeId: 'graphqlNode',
        trigger: true,
        values: { nodeName: 'API Request', responeType: 'realtime', advance_schema: '{"q":"string"}' },
      },
    },
    {
      id: 'responseNode_1',
      type: 'responseNode',
      data: {
        nodeId: 'graphqlResponseNode',
        values: { nodeName: 'API Response', outputMapping: '{"q":"{{triggerNode_1.output.q}}"}' },
      },
    },
  ],
  edges: [{ id: 'e1', source: 'triggerNode_1', target: 'responseNode_1', type: 'defaultEdge' }],
};

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function nodeBoxes(page: Page): Promise<Box[]> {
  const boxes: Box[] = [];
  for (const node of await page.locator('.react-flow__node').all()) {
    const box = await node.boundingBox();
    if (box) boxes.push(box);
  }
  return boxes;
}

function overlaps(boxes: Box[]): number {
  let count = 0;
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) count++;
    }
  }
  return count;
}

/** Drags from one node's output handle to another node's input handle, as a person connects them. */
async function connect(page: Page, sourceId: string, targetId: string): Promise<void> {
  const from = await page
    .locator(`.react-flow__node[data-id="${sourceId}"] .react-flow__handle.source`)
    .boundingBox();
  const to = await page
    .locator(`.react-flow__node[data-id="${targetId}"] .react-flow__handle.target`)
    .boundingBox();
  if (!from || !to) throw new Error(`handles of ${sourceId} → ${targetId} are not on screen`);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
}

describe('Studio flows: import a kit, edit, deploy, test-run, roll back', () => {
  let studio: StudioSession;
  let llm: TestLlmServer;
  let projectId = '';

  beforeAll(async () => {
    llm = await TestLlmServer.start();
    const answer = await sanitizerApprovedAnswer();
    llm.handle(() => answer);
    studio = await startStudio();
  });
  /** A new browser context, logged in as the owner, at the given page. */
  async function signedIn(viewport: { width: number; height: number }, url: string): Promise<Page> {
    const page = await studio.newPage(viewport);
    await page.goto('/studio/');
    await studioApi(page, 'POST', '/login', OWNER);
    await page.goto(url);
    return page;
  }

  afterAll(async () => {
    await studio?.close();
    await llm?.close();
  });

  it('imports a kit zip, lays it out, deploys, test-runs, edits and rolls back', {
    timeout: 180_000,
  }, async () => {
    const page = await studio.newPage(DESKTOP);
    await page.goto('/studio/');
    await studioApi(page, 'POST', '/setup', OWNER);
    const project = await studioApi<{ id: string }>(page, 'POST', '/projects', { name: 'Support tools' });
    projectId = project.id;
    // The kit's model config names someone else's credential: the project's credential serves it instead.
    await studioApi(page, 'PUT', `/projects/${projectId}/credentials/Local`, {
      provider: 'openai-compatible',
      baseUrl: llm.baseUrl,
      apiKey: 'test-key',
      defaultModel: 'gpt-4o-mini',
    });

    await page.goto(`/studio/projects/${projectId}/flows`);
    await page.getByText('No flows yet').waitFor();
    await studio.screenshot(page, 'flows-empty-desktop');

    // Import the kit as a zip through the dialog.
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Import flows' });
    await dialog.getByLabel('Kit as a .zip file').setInputFiles({
      name: `${KIT}.zip`,
      mimeType: 'application/zip',
      buffer: await zipKit(KIT),
    });
    await dialog.getByText(/files, 1 in flows\//).waitFor();
    await studio.screenshot(page, 'flows-import-dialog-desktop');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByText('Imported 1 flow as drafts').waitFor();
    await dialog.getByRole('link', { name: /^Open / }).click();

    // The editor opens the flow laid out: five nodes, none on top of another (the kit puts all at 0,0).
    await page.waitForURL(`**/projects/${projectId}/flows/${KIT}`);
    await page.locator('.react-flow__node').first().waitFor();
    expect(await page.locator('.react-flow__node').count()).toBe(5);
    const boxes = await nodeBoxes(page);
    expect(boxes).toHaveLength(5);
    expect(overlaps(boxes)).toBe(0);
    // Left to right: the trigger is left of the response.
    const trigger = await page.locator('.react-flow__node[data-id="triggerNode_1"]').boundingBox();
    const response = await page
      .locator('.react-flow__node[data-id="responseNode_triggerNode_1"]')
      .boundingBox();
    expect(trigger && response && trigger.x < response.x).toBe(true);
    await page.getByText('Saved', { exact: true }).waitFor();
    await studio.screenshot(page, 'flow-editor-desktop');

    // Deploy from the editor.
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByText('Deployment #1 is live.').waitFor();

    // Test-run through the form built from advance_schema ({"log": "string", "context": "string"}).
    await page.getByRole('button', { name: 'Test run' }).click();
    await page.getByLabel(/^log/).fill('TypeError: cannot read x at checkout.ts:42');
    await page.getByLabel(/^context/).fill('production checkout');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByText(/^Result:/).waitFor();
    expect(await page.locator('.run-outcome .status-success').first().textContent()).toBe('success');
    await expect
      .poll(() => page.locator('.flow-node[data-status="success"]').count())
      .toBeGreaterThanOrEqual(4);
    expect(await page.locator('.run-outcome').textContent()).toContain('Safe Summary');
    await studio.screenshot(page, 'flow-editor-test-run-desktop');
    // A node's output opens in the panel when it is clicked.
    await page.locator('.react-flow__node[data-id="codeNode_validate_request"]').click();
    await page.getByText(/Last test run:/).waitFor();
    expect(await page.locator('.trace').textContent()).toContain('promptPayload');
    // By keyboard: a focused node is selected with Enter and its form opens.
    await page.getByRole('button', { name: 'Test run' }).click();
    await page.locator('.react-flow__node[data-id="triggerNode_1"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('#inspector-title', { hasText: 'API Request' }).waitFor();
    await page.getByLabel(/^Name/).focus();

    // Add a node from the palette, connect it, and watch validation find and then lose a problem.
    const before = await page.locator('.react-flow__edge').count();
    await page.getByRole('button', { name: 'Add node' }).click();
    await page.locator('.palette-item[data-kind="codeNode"]').click();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(6);
    const added = await page.locator('.react-flow__node.selected').getAttribute('data-id');
    expect(added).toMatch(/^codeNode_\d+$/);
    await page.getByRole('button', { name: 'Tidy up' }).click();
    await page.getByRole('button', { name: 'Fit View' }).click();
    await connect(page, 'LLMNode_262', added as string);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(before + 1);
    await page.locator(`.react-flow__node[data-id="${added}"]`).click();
    const code = page.locator('.inspector-form textarea').first();
    await code.fill('output.answer = {{missingNode_7.output.text}};');
    const marker = page.locator(`.react-flow__node[data-id="${added}"] .flow-node-problems`);
    await marker.waitFor();
    await page.getByRole('button', { name: /^Problems \(\d+\)/ }).click();
    const problem = page.locator('.problem-list li', { hasText: 'missingNode_7' });
    await problem.waitFor();
    await studio.screenshot(page, 'flow-editor-problem-desktop');
    await problem.getByRole('button', { name: `Select ${added}` }).click();
    await page
      .locator('.inspector-form textarea')
      .first()
      .fill('output.answer = {{LLMNode_262.output.generatedResponse}};');
    await marker.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: /^Problems/ }).click();
    await expect.poll(() => page.locator('.problem-list li', { hasText: 'missingNode_7' }).count()).toBe(0);

    // Delete the new node with the keyboard, save, and deploy the change as #2.
    await page.locator(`.react-flow__node[data-id="${added}"]`).focus();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(5);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByText('Deployment #2 is live.').waitFor();

    // The flows list shows the flow deployed, with links to its editor and Connect page.
    await page.goto(`/studio/projects/${projectId}/flows`);
    const row = page.locator('[data-testid="flows-table"] tbody tr', { hasText: KIT });
    await row.getByText('deployed', { exact: true }).waitFor();
    expect(await row.getByRole('link', { name: /Connect/ }).getAttribute('href')).toBe(
      `/studio/projects/${projectId}/flows/${KIT}/connect`,
    );
    await studio.screenshot(page, 'flows-list-desktop');

    // Roll back to #1 through the confirmation dialog.
    await page.goto(`/studio/projects/${projectId}/deployments`);
    await page.getByRole('button', { name: 'Roll back to #1' }).click();
    const confirm = page.getByRole('dialog', { name: 'Roll back to deployment #1?' });
    await studio.screenshot(page, 'deployments-rollback-dialog-desktop');
    await confirm.getByRole('button', { name: 'Roll back' }).click();
    await page.locator('.deploy-timeline li[data-number="1"]').getByText('active').waitFor();
    await page.getByRole('button', { name: 'Roll back to #2' }).waitFor();
    await studio.screenshot(page, 'deployments-desktop');
    expect(studio.consoleErrors()).toEqual([]);
  });

  it('imports pasted flow JSON, creates a flow from New flow, and refuses a bad deploy naming the node', {
    timeout: 90_000,
  }, async () => {
    const page = await signedIn(DESKTOP, `/studio/projects/${projectId}/flows`);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const importer = page.getByRole('dialog', { name: 'Import flows' });
    await importer.getByLabel(/^Flow JSON/).check();
    await importer.getByLabel('…or paste it').fill('{"id": "pasted", "name": "Pasted", "nodes": [');
    await importer.getByRole('button', { name: 'Import', exact: true }).click();
    await importer.locator('.alert').waitFor();
    await importer.getByLabel('…or paste it').fill(JSON.stringify(PASTED_FLOW));
    await importer.getByRole('button', { name: 'Import', exact: true }).click();
    await importer.getByText('Imported 1 flow as drafts').waitFor();
    await importer.getByRole('button', { name: 'Close' }).first().click();
    await page.locator('[data-testid="flows-table"]').getByText('pasted', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'New flow' }).click();
    const dialog = page.getByRole('dialog', { name: 'New flow' });
    await dialog.getByLabel(/^Name/).fill('Echo topic');
    expect(await dialog.getByLabel(/^Flow ID/).inputValue()).toBe('echo-topic');
    await dialog.getByRole('button', { name: 'Create flow' }).click();
    await page.waitForURL('**/flows/echo-topic');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(2);
    await page
      .getByText('none — ready to deploy')
      .or(page.getByRole('button', { name: 'Problems (0)' }))
      .first()
      .waitFor();

    // Delete the response node: the API-triggered flow now has nowhere to answer from, so the deploy is
    // refused and the problem names the trigger, with a button to it.
    await page.locator('.react-flow__node[data-id="responseNode_triggerNode_1"]').click();
    await page.getByRole('button', { name: 'Delete node' }).click();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(1);
    await page.locator('.react-flow__node[data-id="triggerNode_1"] .flow-node-problems.has-errors').waitFor();
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    const refused = page.locator('.deploy-outcome.failed');
    await refused
      .getByText(/API Response/)
      .first()
      .waitFor();
    await refused.getByRole('button', { name: 'Select node' }).first().click();
    await page.locator('.react-flow__node.selected[data-id="triggerNode_1"]').waitFor();
    await studio.screenshot(page, 'flow-editor-deploy-refused-desktop');
    expect(studio.consoleErrors()).toEqual([]);
  });

  it('imports a kit folder with a condition: branches side by side, edges labelled', {
    timeout: 90_000,
  }, async () => {
    const page = await signedIn(DESKTOP, `/studio/projects/${projectId}/flows`);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Import flows' });
    // The folder picker (webkitdirectory): the chosen folder's name is dropped from every path.
    await dialog.getByLabel('…or the kit folder').setInputFiles(path.join(KITS, 'appeal-copilot'));
    await dialog.getByText(/appeal-copilot\/: \d+ files, 1 in flows\//).waitFor();
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByRole('link', { name: /^Open / }).click();
    await page.waitForURL('**/flows/appeal-analysis');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(11);
    await page.getByRole('button', { name: 'Fit View' }).click();
    expect(overlaps(await nodeBoxes(page))).toBe(0);
    for (const label of ['Condition 1', 'Condition 2', 'Condition 3', 'Else']) {
      await page.locator('.react-flow__edge-textwrapper', { hasText: label }).first().waitFor();
    }
    // Lamatic placed this kit top to bottom without overlaps: its positions are kept and the handles follow.
    const branchBoxes = () =>
      Promise.all(
        ['LLMNode_548', 'LLMNode_613', 'LLMNode_675', 'LLMNode_931'].map(async (id) => {
          const box = await page.locator(`.react-flow__node[data-id="${id}"]`).boundingBox();
          return { x: Math.round(box?.x ?? Number.NaN), y: Math.round(box?.y ?? Number.NaN) };
        }),
      );
    expect(new Set((await branchBoxes()).map((box) => box.y)).size).toBe(1);
    const node = await page.locator('.react-flow__node[data-id="codeNode_657"]').boundingBox();
    const input = await page
      .locator('.react-flow__node[data-id="codeNode_657"] .react-flow__handle.target')
      .boundingBox();
    await studio.screenshot(page, 'flow-editor-lamatic-positions-desktop');
    expect(node && input && input.y < node.y + 2).toBe(true);
    // Tidy up lays it out left to right: the four branches stand in one column.
    await page.getByRole('button', { name: 'Tidy up' }).click();
    await page.getByRole('button', { name: 'Fit View' }).click();
    await expect.poll(async () => new Set((await branchBoxes()).map((box) => box.x)).size).toBe(1);
    expect(overlaps(await nodeBoxes(page))).toBe(0);
    await studio.screenshot(page, 'flow-editor-branches-desktop');
    expect(studio.consoleErrors()).toEqual([]);
  });

  it('fits a 390-wide phone: flows, editor with the panel under the canvas, deployments', {
    timeout: 90_000,
  }, async () => {
    const page = await signedIn(PHONE, '/studio/');
    for (const [name, url] of [
      ['flows-phone', `/studio/projects/${projectId}/flows`],
      ['flow-editor-phone', `/studio/projects/${projectId}/flows/${KIT}`],
      ['deployments-phone', `/studio/projects/${projectId}/deployments`],
    ] as const) {
      await page.goto(url);
      await page.locator('h1').first().waitFor();
      if (name === 'flow-editor-phone') {
        await page.locator('.react-flow__node').first().waitFor();
        const canvas = await page.locator('.canvas').boundingBox();
        const panel = await page.locator('.side-panel').boundingBox();
        expect(canvas && panel && panel.y >= canvas.y + canvas.height).toBe(true);
      }
      await studio.screenshot(page, name);
      const width = await page.evaluate<number>('document.scrollingElement?.scrollWidth ?? 0');
      expect(width, `${name} overflows sideways`).toBeLessThanOrEqual(PHONE.width);
    }
    expect(studio.consoleErrors()).toEqual([]);
  });
});
