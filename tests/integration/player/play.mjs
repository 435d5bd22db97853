// Plays an HLS master playlist with hls.js in headless Chromium and prints what happened as one
// JSON object on stdout. The page is answered as if it came from the origin itself (origind sends
// no CORS headers); every other request goes to the real server.
// Usage: node play.mjs ORIGIN_URL MASTER_PATH CHROMIUM USER_DATA_DIR [TIMEOUT_SECONDS]
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const [origin, masterPath, executablePath, userDataDir, timeoutArg] = process.argv.slice(2);
if (!origin || !masterPath || !executablePath || !userDataDir) {
  console.error('usage: node play.mjs ORIGIN_URL MASTER_PATH CHROMIUM USER_DATA_DIR [TIMEOUT_SECONDS]');
  process.exit(2);
}
const timeoutMs = Number(timeoutArg || 120) * 1000;
const targetSeconds = 1.5;

const require = createRequire(import.meta.url);
const hlsScript = await readFile(require.resolve('hls.js/dist/hls.min.js'), 'utf8');
const pageHtml = await readFile(new URL('./player.html', import.meta.url), 'utf8');

// The flags keep Chromium off the network it has no business reaching (the machine's network
// refuses it) and let a muted video start without a gesture.
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--autoplay-policy=no-user-gesture-required'],
});

const report = { browser: context.browser()?.version() ?? null, console: [], requests: [] };
const responses = [];
try {
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
  await page.evaluate(([url]) => window.startPlayer(url), [`${origin}${masterPath}`]);
  try {
    // Playing far enough, or a fatal error, ends the wait; the timeout only guards against a hang.
    await page.waitForFunction(
      (target) => window.player.fatal !== null ||
        (window.player.video.currentTime > target && window.player.video.readyState >= 3),
      targetSeconds, { timeout: timeoutMs, polling: 100 });
  } catch (err) {
    report.waitError = String(err.message || err).split('\n')[0];
  }
  report.player = await page.evaluate(() => window.playerReport());
  await Promise.allSettled(responses);
} finally {
  await context.close();
}
console.log(JSON.stringify(report));
