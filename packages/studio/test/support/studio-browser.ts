import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../../server/test/support/test-server.ts';

/** Where the e2e tests save a screenshot of each page they visit (not committed). */
export const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../screenshots');

const EXPECTED_CLIENT_ERROR = /^Failed to load resource: the server responded with a status of 4\d\d/;

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export interface StudioSession {
  server: TestServer;
  browser: Browser;
  /** Opens a page at the given viewport; its console errors and page errors are collected. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  /** Every console error and uncaught page error seen so far, as text; a test ends by expecting []. */
  consoleErrors(): string[];
  /** Saves `${name}.png` under test/screenshots. */
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real Flowgate (SQLite in a temporary folder, on 127.0.0.1) serving the built Studio, and Debian's
 * Chromium driven by playwright-core. Build the Studio first (`npm run build:studio`; `npm test` does).
 */
export async function startStudio(): Promise<StudioSession> {
  const server = await startTestServer({ allowHosts: '127.0.0.1,::1' });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  await mkdir(SCREENSHOTS, { recursive: true });
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    server,
    browser,
    async newPage(viewport = DESKTOP) {
      const context = await browser.newContext({ viewport, baseURL: server.url });
      contexts.push(context);
      const page = await context.newPage();
      page.on('console', (message) => {
        // Chromium logs every 4xx answer as an error; those are expected answers (a wrong password, a
        // refused form) that the page shows. A 5xx or a script error is a defect.
        if (message.type() === 'error' && !EXPECTED_CLIENT_ERROR.test(message.text())) {
          errors.push(`${page.url()}: ${message.text()}`);
        }
      });
      page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
      return page;
    },
    consoleErrors: () => [...errors],
    async screenshot(page, name) {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      for (const context of contexts) await context.close();
      await browser.close();
      await server.close();
    },
  };
}
