// Headless Debian Chromium with the test page: hls.js and player.html are answered as if they
// came from `origin`; every other request goes to the real servers and is recorded.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

// Opens the page at `${origin}/player.html`. `extraArgs` are further Chromium flags.
export async function openPlayerPage({ origin, executablePath, userDataDir, extraArgs = [] }) {
  const hlsScript = await readFile(require.resolve('hls.js/dist/hls.min.js'), 'utf8');
  const pageHtml = await readFile(new URL('./player.html', import.meta.url), 'utf8');
  // The flags keep Chromium off the network it has no business reaching (the machine's network
  // refuses it) and let a muted video start without a gesture.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--autoplay-policy=no-user-gesture-required', ...extraArgs],
  });
  const report = { browser: context.browser()?.version() ?? null, console: [], requests: [] };
  const responses = [];
  const page = context.pages()[0] ?? await context.newPage();
  page.on('console', (msg) => report.console.push(`${msg.type()}: ${msg.text()}`));
  page.on('pageerror', (err) => report.console.push(`pageerror: ${err.message}`));
  page.on('requestfinished', (request) => {
    const entry = { url: request.url(), status: null };
    report.requests.push(entry);
    responses.push(request.response().then(
        (response) => { entry.status = response ? response.status() : null; }, () => {}));
  });
  page.on('requestfailed', (request) => {
    report.requests.push({ url: request.url(), failure: request.failure()?.errorText ?? 'failed' });
  });
  await page.route(`${origin}/player.html`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: pageHtml }));
  await page.route(`${origin}/hls.min.js`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: hlsScript }));
  await page.goto(`${origin}/player.html`);
  report.page = await page.evaluate(() => ({ userAgent: navigator.userAgent }));
  // Waits for every recorded response's status, then closes the browser.
  const close = async () => {
    await Promise.allSettled(responses);
    await context.close();
  };
  return { context, page, report, close };
}
