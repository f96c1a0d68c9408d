// End-to-end test of `plc run --web` in a real browser: Debian's headless Chromium (/usr/bin/chromium) driven by
// playwright-core. Starts plc on a start/stop latch, loads the page, reads values from the tree, enters the token
// printed at start-up, forces the Start input and sees the Motor output turn TRUE in the page, unforces, stops the
// motor by forcing Stop, checks that the trend chart drew the chosen variables, and saves a screenshot.
//
//   node tests/browser/web-view.test.mjs
//
// Environment: PLC_DLL (default cli/Plc.Cli/bin/Release/net10.0/plc.dll), CHROMIUM (default /usr/bin/chromium),
// PLC_SCREENSHOT (default artifacts/web-view.png). Exit 0 when every step passed, 1 (with the step) otherwise.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const plcDll = process.env.PLC_DLL || join(root, 'cli', 'Plc.Cli', 'bin', 'Release', 'net10.0', 'plc.dll');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const screenshot = resolve(root, process.env.PLC_SCREENSHOT || join('artifacts', 'web-view.png'));

const LATCH = `
PROGRAM Main
VAR
    Start AT %IX0.0 : BOOL;     (* push button, normally open *)
    Stop AT %IX0.1 : BOOL;      (* push button, normally open here for the test *)
    Motor AT %QX0.0 : BOOL;
    Count : DINT;
    Level : REAL;
    RunTimer : TON;
END_VAR
Motor := (Start OR Motor) AND NOT Stop;
Count := Count + 1;
Level := SIN(DINT_TO_REAL(Count) / 40.0) * 50.0 + 50.0;
RunTimer(IN := Motor, PT := T#5s);
END_PROGRAM
`;

let step = 'setting up';
const log = (s) => console.log('web-view: ' + s);
function check(condition, message) { if (!condition) throw new Error(message); }

async function main() {
  check(existsSync(plcDll), `${plcDll} not found: build first (dotnet build Plc.sln -c Release)`);
  check(existsSync(chromiumPath), `${chromiumPath} not found (apt-get install chromium)`);
  const work = mkdtempSync(join(tmpdir(), 'plc-web-view-'));
  const source = join(work, 'latch.st');
  writeFileSync(source, LATCH);

  step = 'starting plc run --web';
  const plc = spawn('dotnet', [plcDll, 'run', source, '--web', '127.0.0.1:0', '--cycle-time', 'T#10ms',
    '--print', 'Main.Motor,Main.Start,Main.Stop', '--no-tuning'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  plc.stdout.on('data', (d) => { stdout += d; });
  plc.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((r) => plc.on('exit', (code, signal) => r({ code, signal })));
  let browser = null;
  try {
    const deadline = Date.now() + 60000;
    while (!/web token [0-9a-f]{32}/.test(stderr)) {
      check(plc.exitCode === null, `plc exited early (${plc.exitCode}):\n${stderr}`);
      check(Date.now() < deadline, `plc did not print the web view's address and token in 60 s:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = /plc: web view on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr)[1];
    const token = /web token ([0-9a-f]{32})/.exec(stderr)[1];
    log(`plc serves ${url}`);

    step = 'launching Chromium';
    const profile = join(work, 'profile');
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 900 },
    });
    const page = browser.pages()[0] || await browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push('page error: ' + e.message));
    // Errors on the page fail the test, except the two refusals this test provokes on purpose (401, 422).
    page.on('console', (m) => {
      if (m.type() === 'error' && !/^Failed to load resource: .* status of (401|422)/.test(m.text())) problems.push('console error: ' + m.text());
    });

    step = 'loading the page';
    const response = await page.goto(url);
    check(response.status() === 200, `GET / answered ${response.status()}`);
    const value = (path) => page.locator(`.row.leaf[data-path="${path}"] .value`).textContent();
    // Waits until the value cell of a variable satisfies `want`: { is: 'TRUE' }, { above: 12 } or { number: true }.
    const waitValue = async (path, want, what, timeout = 15000) => {
      await page.waitForFunction(([p, w]) => {
        const cell = document.querySelector(`.row.leaf[data-path="${p}"] .value`);
        if (!cell) return false;
        const v = cell.textContent;
        if (w.is !== undefined) return v === w.is;
        if (!/^-?\d+$/.test(v)) return false;
        return w.above === undefined || Number(v) > w.above;
      }, [path, want], { timeout, polling: 50 }).catch(async (e) => {
        throw new Error(`${what}: ${path} shows '${await value(path).catch(() => '(no row)')}' (${e.message.split('\n')[0]})`);
      });
    };

    step = 'reading values from the tree';
    await waitValue('Main.Count', { above: 0 }, 'Count never showed a number');
    const first = Number(await value('Main.Count'));
    await waitValue('Main.Count', { above: first }, 'Count did not change while the program runs');
    check(await value('Main.Motor') === 'FALSE', `Motor should start FALSE, shows ${await value('Main.Motor')}`);
    log(`Count went from ${first} to ${await value('Main.Count')} in the tree; Motor is FALSE`);

    step = 'read-only without the token';
    await page.click('.row.leaf[data-path="Main.Start"]');
    check(await page.locator('#edit-force-true').isDisabled(), 'Force TRUE is enabled before the token was entered');
    const unauthorized = await page.evaluate(async () => (await fetch('/api/force', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ path: 'Main.Start', value: 'TRUE' }),
    })).status);
    check(unauthorized === 401, `a force without the token answered ${unauthorized}, not 401`);

    step = 'entering the token';
    await page.fill('#token', token);
    await page.click('#token-set');
    await page.waitForFunction(() => document.getElementById('token-state').textContent === 'writing enabled', null, { timeout: 10000 });
    check(!(await page.locator('#edit-force-true').isDisabled()), 'Force TRUE is still disabled with the token');

    step = 'choosing trends';
    for (const p of ['Main.Motor', 'Main.Level', 'Main.Start']) await page.check(`.row.leaf[data-path="${p}"] input.trend`);
    await page.waitForTimeout(1500);

    step = 'forcing Start TRUE';
    await page.click('.row.leaf[data-path="Main.Start"]');
    await page.click('#edit-force-true');
    await waitValue('Main.Start', { is: 'TRUE' }, 'the forced input did not show TRUE');
    await waitValue('Main.Motor', { is: 'TRUE' }, 'the output did not follow the forced input');
    check(await page.locator('.row.leaf[data-path="Main.Start"]').evaluate((r) => r.classList.contains('forced')),
      'the forced input is not marked forced');
    check((await page.locator('#forces li').count()) === 1, 'the forces list does not show one force');
    log('forced Main.Start TRUE: Main.Motor shows TRUE');
    await page.waitForTimeout(1200);

    // No I/O driver reads %IX0.0 here, so after the unforce the input keeps its last value until written.
    step = 'unforcing Start and releasing it';
    await page.click('#edit-unforce');
    await page.waitForFunction(() => !document.querySelector('.row.leaf[data-path="Main.Start"]').classList.contains('forced')
      && document.querySelectorAll('#forces li').length === 0, null, { timeout: 10000 });
    await page.click('#edit-write-false');
    await waitValue('Main.Start', { is: 'FALSE' }, 'writing FALSE to the unforced input did not show FALSE');
    await page.waitForTimeout(600);
    check(await value('Main.Motor') === 'TRUE', 'the latch did not hold Motor after Start was released');
    log('unforced Main.Start and wrote FALSE: the latch holds Motor TRUE');

    step = 'stopping the motor with a forced Stop';
    await page.click('.row.leaf[data-path="Main.Stop"]');
    await page.click('#edit-force-true');
    await waitValue('Main.Motor', { is: 'FALSE' }, 'forcing Stop did not stop the motor');
    await page.click('#edit-unforce');
    await page.waitForFunction(() => document.querySelectorAll('#forces li').length === 0, null, { timeout: 10000 });
    await page.click('#edit-write-false');
    await waitValue('Main.Stop', { is: 'FALSE' }, 'Stop did not go back to FALSE');
    await page.waitForTimeout(600);
    check(await value('Main.Motor') === 'FALSE', 'Motor started again without Start');

    step = 'a bad literal is reported';
    await page.click('.row.leaf[data-path="Main.Count"]');
    await page.fill('#edit-input', 'twelve');
    await page.click('#edit-write');
    await page.waitForFunction(() => document.getElementById('edit-message').className === 'error', null, { timeout: 5000 });
    log(`writing 'twelve' to Count: "${await page.locator('#edit-message').textContent()}"`);

    step = 'checking the trend chart';
    await page.waitForTimeout(1000);
    const drawn = await page.evaluate(() => {
      const canvas = document.getElementById('trend-canvas');
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      const legend = Array.from(document.querySelectorAll('#legend .item')).map((item) => ({
        path: item.dataset.path, color: item.querySelector('.swatch').style.background,
      }));
      const counts = {};
      for (const { path, color } of legend) {
        const [r, g, b] = color.match(/\d+/g).map(Number);
        let n = 0;
        for (let i = 0; i < data.length; i += 4)
          if (Math.abs(data[i] - r) < 8 && Math.abs(data[i + 1] - g) < 8 && Math.abs(data[i + 2] - b) < 8 && data[i + 3] > 200) n++;
        counts[path] = n;
      }
      return counts;
    });
    log('trend pixels per series: ' + JSON.stringify(drawn));
    for (const p of ['Main.Motor', 'Main.Level', 'Main.Start'])
      check((drawn[p] || 0) > 100, `the trend line of ${p} is missing (${drawn[p] || 0} pixels of its colour)`);

    step = 'taking the screenshot';
    await page.click('.row.leaf[data-path="Main.Motor"]');
    await page.waitForTimeout(400);
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    log(`screenshot: ${screenshot}`);
    check(problems.length === 0, 'the page reported errors:\n' + problems.join('\n'));

    step = 'stopping plc';
    await browser.close();
    browser = null;
    plc.kill('SIGTERM');
    const { code } = await Promise.race([exited, new Promise((r) => setTimeout(() => r({ code: 'timeout' }), 20000))]);
    check(code === 0, `plc exited with ${code} after SIGTERM:\n${stderr}`);
    check(/^Main\.Motor = FALSE$/m.test(stdout), `plc printed:\n${stdout}`);
    check(/plc: stopped by SIGTERM/.test(stderr), `plc did not report the stop:\n${stderr}`);
    rmSync(work, { recursive: true, force: true });
    log('passed');
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (plc.exitCode === null && plc.signalCode === null) plc.kill('SIGKILL');
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(`web-view: FAILED while ${step}: ${e.message}`);
  process.exit(1);
});
