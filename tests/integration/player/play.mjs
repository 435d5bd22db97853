// Plays an HLS master playlist with hls.js in headless Chromium and prints what happened as one
// JSON object on stdout. The page is answered as if it came from the origin itself (origind sends
// no CORS headers); every other request goes to the real server.
// Usage: node play.mjs ORIGIN_URL MASTER_PATH CHROMIUM USER_DATA_DIR [TIMEOUT_SECONDS]
import { openPlayerPage } from './browser.mjs';

const [origin, masterPath, executablePath, userDataDir, timeoutArg] = process.argv.slice(2);
if (!origin || !masterPath || !executablePath || !userDataDir) {
  console.error('usage: node play.mjs ORIGIN_URL MASTER_PATH CHROMIUM USER_DATA_DIR [TIMEOUT_SECONDS]');
  process.exit(2);
}
const timeoutMs = Number(timeoutArg || 120) * 1000;
const targetSeconds = 1.5;

const { page, report, close } = await openPlayerPage({ origin, executablePath, userDataDir });
try {
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
} finally {
  await close();
}
console.log(JSON.stringify(report));
