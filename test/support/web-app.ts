import type { Browser } from 'playwright-core';
import { launchChromium } from './browser-chromium.js';
import { freePort } from './processes.js';
import { createTestApp, type TestApp } from './test-app.js';

export interface WebApp {
  t: TestApp;
  /** The api's own address, also its PUBLIC_URL: the session cookie's origin and the mails' links. */
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The api with the web client on a free port that is its PUBLIC_URL, and Debian's chromium. */
export async function startWebApp(env: Record<string, string> = {}): Promise<WebApp> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ env: { PUBLIC_URL: base, ...env } });
  await t.listen(port);
  const browser = await launchChromium();
  return {
    t,
    base,
    browser,
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}
