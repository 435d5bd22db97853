// Plays a master playlist that carries content steering, and follows the steering server when
// the test moves viewers away from the pathway playing. Talks to the test on stdin/stdout, one
// JSON line a step:
//   prints {"step":"playing", "pathway":...}   once the video plays on its first pathway;
//   waits for a line on stdin                   (the test drains that PoP meanwhile);
//   prints {"step":"done", ...report}           once a media segment came from a URL starting
//                                               with EXPECT_PREFIX, or on a fatal error or the
//                                               timeout.
// PoPs listen on other ports than the page's origin: the test page is a stand-in for a site,
// so web security (CORS) is off.
// Usage: node steer.mjs PAGE_ORIGIN MASTER_URL EXPECT_PREFIX CHROMIUM USER_DATA_DIR [TIMEOUT_S]
import { createInterface } from 'node:readline';
import { openPlayerPage } from './browser.mjs';

const [origin, masterUrl, expectPrefix, executablePath, userDataDir, timeoutArg] =
    process.argv.slice(2);
if (!origin || !masterUrl || !expectPrefix || !executablePath || !userDataDir) {
  console.error('usage: node steer.mjs PAGE_ORIGIN MASTER_URL EXPECT_PREFIX CHROMIUM ' +
                'USER_DATA_DIR [TIMEOUT_SECONDS]');
  process.exit(2);
}
const timeoutMs = Number(timeoutArg || 120) * 1000;
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

const { page, report, close } = await openPlayerPage({
  origin, executablePath, userDataDir, extraArgs: ['--disable-web-security'] });
// The pathway playing (its levels are the ones hls.js uses) and the steering server's order.
const state = () => page.evaluate(() => {
  const hls = window.player.hls;
  const level = hls.levels[0];
  return { pathway: level ? level.attrs['PATHWAY-ID'] ?? null : null,
           priority: hls.pathwayPriority ?? null };
});
try {
  // A short buffer, so that segments keep being fetched after the switch.
  await page.evaluate(([url]) => window.startPlayer(url, { maxBufferLength: 4, maxMaxBufferLength: 6 }),
                      [masterUrl]);
  try {
    await page.waitForFunction(
      () => window.player.fatal !== null ||
        (window.player.video.currentTime > 1 && window.player.video.readyState >= 3),
      null, { timeout: timeoutMs, polling: 100 });
  } catch (err) {
    report.waitError = String(err.message || err).split('\n')[0];
  }
  console.log(JSON.stringify({ step: 'playing', ...(await state()) }));
  await lines.next();
  try {
    await page.waitForFunction(
      (prefix) => window.player.fatal !== null ||
        window.player.fragments.some((f) => f.type === 'main' && f.url.startsWith(prefix)),
      expectPrefix, { timeout: timeoutMs, polling: 100 });
  } catch (err) {
    report.waitError = String(err.message || err).split('\n')[0];
  }
  report.steering = await state();
  report.player = await page.evaluate(() => window.playerReport());
} finally {
  await close();
}
console.log(JSON.stringify({ step: 'done', ...report }));
process.exit(0);
