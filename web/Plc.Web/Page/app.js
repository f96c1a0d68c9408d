// plc web view (docs/web.md): a live variable tree, write/force/unforce, trends. Plain JavaScript, no libraries.
// Talks only to this server's JSON API; the token (if any) is kept in sessionStorage and sent as X-Plc-Token.
'use strict';

(function () {
  const POLL_MS = 250;              // values
  const STATUS_MS = 1000;           // scans, tasks, access
  const MAX_POLLED = 1500;          // visible rows read per poll at most
  const MAX_FILTER_ROWS = 500;      // rows a filter shows at most
  const HISTORY_S = 600;            // the longest trend window
  const MAX_POINTS = 20000;         // per trended variable
  const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

  const $ = (id) => document.getElementById(id);
  const state = {
    token: null,
    control: false,            // the server accepted the token for writing
    nodes: [],                 // the variable tree from /api/variables
    leaves: new Map(),         // path -> leaf node
    rows: new Map(),           // path -> row element currently in the tree
    values: new Map(),         // path -> last value text
    forces: new Map(),         // path -> forced value text
    selected: null,            // path of the selected leaf
    trend: new Map(),          // path -> { color, bool, points: [[tNs, number]] }
    lastTimeNs: -1,
    lastScans: -1,
    lastScanChange: Date.now(),
    clock: 'wall',
  };

  // ---------------------------------------------------------------- token

  function takeTokenFromUrl() {
    const url = new URL(window.location.href);
    const t = url.searchParams.get('token');
    if (t) {
      sessionStorage.setItem('plc-token', t);
      url.searchParams.delete('token');
      history.replaceState(null, '', url.pathname + (url.search || '') + url.hash);
    }
    state.token = sessionStorage.getItem('plc-token');
  }

  function headers(json) {
    const h = {};
    if (json) h['Content-Type'] = 'application/json';
    if (state.token) h['X-Plc-Token'] = state.token;
    return h;
  }

  async function api(method, path, body) {
    const response = await fetch(path, {
      method, headers: headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit',
    });
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) {
      const message = data && data.error ? data.error : ('HTTP ' + response.status);
      const error = new Error(message);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  async function checkAccess() {
    try {
      const access = await api('GET', '/api/access');
      state.control = !!access.control;
      const s = $('token-state');
      if (state.control) { s.textContent = 'writing enabled'; s.className = 'ok'; }
      else if (state.token) { s.textContent = access.reason || 'token refused'; s.className = 'bad'; }
      else { s.textContent = 'read-only'; s.className = 'muted'; }
      $('token-clear').hidden = !state.token;
    } catch (e) {
      state.control = false;
    }
    updateControls();
  }

  $('token-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const t = $('token').value.trim();
    if (!t) return;
    state.token = t;
    sessionStorage.setItem('plc-token', t);
    $('token').value = '';
    checkAccess();
  });
  $('token-clear').addEventListener('click', () => {
    state.token = null;
    sessionStorage.removeItem('plc-token');
    checkAccess();
  });

  // ---------------------------------------------------------------- tree

  function indexLeaves(nodes) {
    for (const n of nodes) {
      if (n.children) indexLeaves(n.children);
      else state.leaves.set(n.path, n);
    }
  }

  async function loadTree() {
    const data = await api('GET', '/api/variables');
    state.nodes = data.nodes;
    state.leaves.clear();
    indexLeaves(state.nodes);
    $('tree-note').textContent = data.count + ' variables' + (data.truncated ? ' (list truncated)' : '');
    render();
  }

  function leafRow(leaf, label, depth) {
    const row = document.createElement('div');
    row.className = 'row leaf';
    row.dataset.path = leaf.path;
    row.setAttribute('role', 'treeitem');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.className = 'trend';
    box.title = 'plot ' + leaf.path;
    box.checked = state.trend.has(leaf.path);
    box.disabled = !plottable(leaf.type);
    box.addEventListener('click', (ev) => { ev.stopPropagation(); toggleTrend(leaf, box.checked); });
    const name = document.createElement('span');
    name.className = 'name';
    name.style.paddingLeft = (depth * 16 + 14) + 'px';
    name.textContent = label;
    name.title = leaf.path;
    const type = document.createElement('span');
    type.className = 'type';
    type.textContent = leaf.type;
    if (leaf.location) {
      const loc = document.createElement('span');
      loc.className = 'loc';
      loc.textContent = leaf.location;
      type.appendChild(loc);
    }
    type.title = leaf.type + (leaf.location ? ' ' + leaf.location : '') + (leaf.flags.length ? ' (' + leaf.flags.join(', ') + ')' : '');
    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = state.values.has(leaf.path) ? state.values.get(leaf.path) : '…';
    row.append(box, name, type, value);
    if (isForced(leaf.path)) row.classList.add('forced');
    if (state.selected === leaf.path) row.classList.add('selected');
    row.addEventListener('click', () => select(leaf.path));
    state.rows.set(leaf.path, row);
    return row;
  }

  function innerNode(node, depth, expanded) {
    const wrap = document.createElement('div');
    wrap.className = 'node';
    const row = document.createElement('div');
    row.className = 'row inner';
    row.dataset.path = node.path;
    row.setAttribute('role', 'treeitem');
    row.setAttribute('aria-expanded', expanded ? 'true' : 'false');
    const spacer = document.createElement('span');
    const name = document.createElement('span');
    name.className = 'name';
    name.style.paddingLeft = (depth * 16) + 'px';
    const twisty = document.createElement('span');
    twisty.className = 'twisty';
    twisty.textContent = expanded ? '▾' : '▸';
    name.append(twisty, document.createTextNode(node.name));
    const type = document.createElement('span');
    type.className = 'type';
    type.textContent = (node.kind === 'program' ? 'PROGRAM ' : '') + (node.type || node.kind);
    const info = document.createElement('span');
    info.className = 'type';
    info.textContent = node.children.length + (node.children.length === 1 ? ' entry' : ' entries');
    row.append(spacer, name, type, info);
    const children = document.createElement('div');
    children.className = 'children';
    children.setAttribute('role', 'group');
    wrap.append(row, children);
    row.addEventListener('click', () => {
      const open = row.getAttribute('aria-expanded') === 'true';
      setExpanded(node, row, twisty, children, depth, !open);
    });
    if (expanded) fillChildren(node, children, depth + 1);
    return wrap;
  }

  const expandedPaths = new Set();

  function setExpanded(node, row, twisty, children, depth, open) {
    row.setAttribute('aria-expanded', open ? 'true' : 'false');
    twisty.textContent = open ? '▾' : '▸';
    if (open) { expandedPaths.add(node.path); fillChildren(node, children, depth + 1); }
    else { expandedPaths.delete(node.path); forgetRows(children); children.replaceChildren(); }
    schedulePoll();
  }

  function forgetRows(container) {
    for (const r of container.querySelectorAll('.row.leaf')) state.rows.delete(r.dataset.path);
  }

  function fillChildren(node, container, depth) {
    const frag = document.createDocumentFragment();
    for (const c of node.children) {
      if (c.children) frag.appendChild(innerNode(c, depth, expandedPaths.has(c.path)));
      else frag.appendChild(leafRow(c, c.name, depth));
    }
    container.replaceChildren(frag);
  }

  function render() {
    const tree = $('tree');
    state.rows.clear();
    const filter = $('filter').value.trim().toLowerCase();
    if (filter) {
      // A flat list of the matching variables, by full name.
      const frag = document.createDocumentFragment();
      let shown = 0, matched = 0;
      for (const [path, leaf] of state.leaves) {
        if (!path.toLowerCase().includes(filter)) continue;
        matched++;
        if (shown < MAX_FILTER_ROWS) { frag.appendChild(leafRow(leaf, path, 0)); shown++; }
      }
      tree.replaceChildren(frag);
      $('tree-note').textContent = matched + ' of ' + state.leaves.size + ' variables match' +
        (matched > shown ? ' (first ' + shown + ' shown)' : '');
    } else {
      const frag = document.createDocumentFragment();
      for (const n of state.nodes) {
        if (n.children) frag.appendChild(innerNode(n, 0, expandedPaths.has(n.path)));
        else frag.appendChild(leafRow(n, n.name, 0));
      }
      tree.replaceChildren(frag);
      $('tree-note').textContent = state.leaves.size + ' variables';
    }
    schedulePoll();
  }

  $('filter').addEventListener('input', render);
  $('expand-all').addEventListener('click', () => {
    let budget = 2000;
    (function walk(nodes) {
      for (const n of nodes) if (n.children && budget > 0) { expandedPaths.add(n.path); budget -= n.children.length; walk(n.children); }
    })(state.nodes);
    render();
  });
  $('collapse-all').addEventListener('click', () => { expandedPaths.clear(); render(); });

  // ---------------------------------------------------------------- values and forces

  function isForced(path) {
    if (state.forces.has(path)) return true;
    for (const f of state.forces.keys()) if (f.startsWith(path + '.')) return true;   // a bit of a word
    return false;
  }

  let pollTimer = null;
  let polling = false;

  function schedulePoll(delay) {
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = setTimeout(poll, delay === undefined ? 0 : delay);
  }

  async function poll() {
    pollTimer = null;
    if (polling) { schedulePoll(POLL_MS); return; }
    polling = true;
    try {
      const paths = new Set();
      for (const p of state.trend.keys()) paths.add(p);
      if (state.selected) paths.add(state.selected);
      for (const p of state.rows.keys()) { if (paths.size >= MAX_POLLED) break; paths.add(p); }
      const data = await api('POST', '/api/read', { paths: Array.from(paths) });
      setConnection(true, data.scans);
      state.forces = new Map(data.forces.map((f) => [f.path, f.value]));
      const fresh = data.timeNs !== state.lastTimeNs;
      for (const v of data.values) {
        const text = v.error === undefined ? v.value : null;
        const old = state.values.get(v.path);
        if (text !== null) state.values.set(v.path, text);
        const row = state.rows.get(v.path);
        if (row) {
          const cell = row.querySelector('.value');
          if (text === null) { cell.textContent = v.error; cell.classList.add('error'); }
          else {
            cell.classList.remove('error');
            if (cell.textContent !== text) {
              cell.textContent = text;
              if (old !== undefined) flash(cell);
            }
            cell.title = text;
          }
          row.classList.toggle('forced', isForced(v.path));
        }
        if (fresh && text !== null && state.trend.has(v.path)) record(v.path, data.timeNs, text);
      }
      if (fresh) state.lastTimeNs = data.timeNs;
      $('scans').textContent = data.scans.toLocaleString('en-US');
      $('time').textContent = formatTime(data.timeNs);
      renderForces();
      updateEditor();
      drawTrend();
    } catch (e) {
      setConnection(false, null, e.message);
    } finally {
      polling = false;
      if (!pollTimer) schedulePoll(POLL_MS);
    }
  }

  function flash(cell) {
    cell.classList.add('changed');
    setTimeout(() => cell.classList.remove('changed'), 300);
  }

  function setConnection(ok, scans, message) {
    const c = $('connection');
    if (!ok) { c.textContent = 'disconnected: ' + (message || '') + ' (retrying)'; c.className = 'bad'; return; }
    if (scans !== state.lastScans) { state.lastScans = scans; state.lastScanChange = Date.now(); }
    const still = Date.now() - state.lastScanChange > 3000;
    c.textContent = still ? 'not scanning' : 'running';
    c.className = still ? 'bad' : 'ok';
  }

  function renderForces() {
    const list = $('forces');
    const items = [];
    for (const [path, value] of state.forces) {
      const li = document.createElement('li');
      li.dataset.path = path;
      const name = document.createElement('span');
      name.textContent = path + ' := ';
      const v = document.createElement('b');
      v.textContent = value;
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = 'Unforce';
      b.disabled = !state.control;
      b.addEventListener('click', () => change('unforce', path));
      li.append(name, v, b);
      items.push(li);
    }
    const key = Array.from(state.forces).join('|') + state.control;
    if (list.dataset.key !== key) { list.replaceChildren(...items); list.dataset.key = key; }
    $('forces-none').hidden = state.forces.size > 0;
    $('unforce-all').disabled = !state.control || state.forces.size === 0;
  }

  // ---------------------------------------------------------------- editor

  function select(path) {
    const old = state.selected && state.rows.get(state.selected);
    if (old) old.classList.remove('selected');
    state.selected = path;
    const row = state.rows.get(path);
    if (row) row.classList.add('selected');
    const leaf = state.leaves.get(path);
    $('edit-none').hidden = true;
    $('edit-body').hidden = false;
    $('edit-name').textContent = path;
    $('edit-type').textContent = leaf ? leaf.type : '';
    $('edit-location').textContent = leaf && leaf.location ? leaf.location : '';
    const isBool = leaf && leaf.type === 'BOOL';
    $('edit-bool').hidden = !isBool;
    $('edit-text').hidden = !!isBool;
    $('edit-input').value = state.values.get(path) || '';
    message('', '');
    updateEditor();
    updateControls();
    schedulePoll();
  }

  function updateEditor() {
    if (!state.selected) return;
    const v = state.values.get(state.selected);
    $('edit-value').textContent = v === undefined ? '–' : v;
    $('edit-forced').hidden = !isForced(state.selected);
  }

  function updateControls() {
    const leaf = state.selected && state.leaves.get(state.selected);
    const writable = !!(leaf && leaf.writable);
    for (const id of ['edit-write-true', 'edit-write-false', 'edit-force-true', 'edit-force-false', 'edit-write', 'edit-force', 'edit-unforce'])
      $(id).disabled = !state.control || !writable;
    $('edit-input').disabled = !writable;
    const why = !leaf ? '' : !writable ? 'This variable cannot be written (a constant or a reference).'
      : !state.control ? 'Enter the token (top right) to write or force.' : '';
    if (why && !$('edit-message').classList.contains('error')) message(why, 'muted');
    else if (!why && $('edit-message').className === 'muted') message('', '');
    renderForces();
  }

  function message(text, kind) {
    const m = $('edit-message');
    m.textContent = text;
    m.className = kind;
  }

  async function change(what, path, value) {
    const body = value === undefined ? { path } : { path, value };
    try {
      await api('POST', '/api/' + what, body);
      if (path === state.selected)
        message(what === 'unforce' ? 'unforced' : (what === 'force' ? 'forced to ' : 'wrote ') + (value === undefined ? '' : value), 'ok');
      schedulePoll();
    } catch (e) {
      if (path === state.selected || what !== 'unforce') message(e.message, 'error');
      if (e.status === 401) checkAccess();
    }
  }

  $('edit-write-true').addEventListener('click', () => change('write', state.selected, 'TRUE'));
  $('edit-write-false').addEventListener('click', () => change('write', state.selected, 'FALSE'));
  $('edit-force-true').addEventListener('click', () => change('force', state.selected, 'TRUE'));
  $('edit-force-false').addEventListener('click', () => change('force', state.selected, 'FALSE'));
  $('edit-text').addEventListener('submit', (ev) => { ev.preventDefault(); change('write', state.selected, $('edit-input').value); });
  $('edit-force').addEventListener('click', () => change('force', state.selected, $('edit-input').value));
  $('edit-unforce').addEventListener('click', () => change('unforce', state.selected));
  $('unforce-all').addEventListener('click', async () => {
    try { await api('POST', '/api/unforce', { all: true }); schedulePoll(); } catch (e) { message(e.message, 'error'); }
  });

  // ---------------------------------------------------------------- status

  async function status() {
    try {
      const s = await api('GET', '/api/status');
      $('title').textContent = s.title;
      document.title = s.title + ' – plc web view';
      state.clock = s.clock;
      $('clock-kind').textContent = s.clock === 'simulated' ? 'simulated time' : 'time';
      const body = $('tasks').tBodies[0];
      const rows = s.tasks.map((t) => {
        const tr = document.createElement('tr');
        const cells = [t.name, t.intervalNs ? formatDuration(t.intervalNs) : 'event', t.scans.toLocaleString('en-US'),
          formatDuration(t.cycleMeanNs), formatDuration(t.cycleMaxNs), formatDuration(t.jitterMaxNs), String(t.overruns)];
        for (const c of cells) { const td = document.createElement('td'); td.textContent = c; tr.appendChild(td); }
        return tr;
      });
      body.replaceChildren(...rows);
    } catch (e) { /* the value poll reports the connection */ }
    setTimeout(status, STATUS_MS);
  }

  function formatTime(ns) {
    const s = ns / 1e9;
    if (s < 60) return s.toFixed(1) + ' s';
    const m = Math.floor(s / 60), h = Math.floor(m / 60);
    const ss = (s % 60).toFixed(1).padStart(4, '0');
    return h > 0 ? h + ':' + String(m % 60).padStart(2, '0') + ':' + ss : m + ':' + ss;
  }

  function formatDuration(ns) {
    if (ns >= 1e9) return (ns / 1e9).toFixed(2) + ' s';
    if (ns >= 1e6) return (ns / 1e6).toFixed(2) + ' ms';
    return (ns / 1e3).toFixed(1) + ' µs';
  }

  // ---------------------------------------------------------------- trends

  const NOT_PLOTTABLE = /^(STRING|WSTRING|REF_TO|CHAR|WCHAR|DATE|LDATE|D|TOD|LTOD|TIME_OF_DAY|DT|LDT|DATE_AND_TIME)\b/;

  function plottable(type) { return !NOT_PLOTTABLE.test(type); }

  // An IEC literal as a number: TRUE/FALSE as 1/0, integers and reals, TIME as milliseconds; else NaN.
  function numeric(text) {
    if (text === 'TRUE') return 1;
    if (text === 'FALSE') return 0;
    if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return Number(text);
    const t = /^L?T(?:IME)?#(-)?(.+)$/i.exec(text);
    if (t) {
      const units = { d: 864e5, h: 36e5, m: 6e4, s: 1e3, ms: 1, us: 1e-3, ns: 1e-6 };
      let total = 0, rest = t[2].replace(/_/g, '');
      const part = /^(\d+(?:\.\d+)?)(ms|us|ns|d|h|m|s)/i;
      while (rest.length) {
        const p = part.exec(rest);
        if (!p) return NaN;
        total += Number(p[1]) * units[p[2].toLowerCase()];
        rest = rest.slice(p[0].length);
      }
      return t[1] ? -total : total;
    }
    return NaN;
  }

  function toggleTrend(leaf, on) {
    if (on) {
      const used = new Set(Array.from(state.trend.values()).map((s) => s.color));
      const color = PALETTE.find((c) => !used.has(c)) || PALETTE[state.trend.size % PALETTE.length];
      state.trend.set(leaf.path, { color, bool: leaf.type === 'BOOL', points: [], time: /TIME$/.test(leaf.type) });
    } else state.trend.delete(leaf.path);
    for (const row of document.querySelectorAll('.row.leaf')) {
      if (row.dataset.path === leaf.path) row.querySelector('input.trend').checked = on;
    }
    renderLegend();
    schedulePoll();
  }

  function record(path, timeNs, text) {
    const s = state.trend.get(path);
    const v = numeric(text);
    if (Number.isNaN(v)) return;
    const pts = s.points;
    if (pts.length && timeNs < pts[pts.length - 1][0]) pts.length = 0;   // the program restarted
    pts.push([timeNs, v]);
    const oldest = timeNs - HISTORY_S * 1e9;
    let drop = 0;
    while (drop < pts.length && pts[drop][0] < oldest) drop++;
    if (pts.length - drop > MAX_POINTS) drop = pts.length - MAX_POINTS;
    if (drop > 0) pts.splice(0, drop);
  }

  function renderLegend() {
    const legend = $('legend');
    const items = [];
    for (const [path, s] of state.trend) {
      const item = document.createElement('span');
      item.className = 'item';
      item.dataset.path = path;
      const sw = document.createElement('span');
      sw.className = 'swatch';
      sw.style.background = s.color;
      const last = document.createElement('span');
      last.className = 'last';
      item.append(sw, document.createTextNode(path + (s.time ? ' (ms)' : '')), last);
      items.push(item);
    }
    legend.replaceChildren(...items);
    $('trend-note').hidden = state.trend.size > 0;
  }

  function niceStep(range, count) {
    const raw = range / Math.max(1, count);
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const n = raw / mag;
    return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
  }

  function formatTick(v, step) {
    const digits = step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step)));
    return v.toFixed(digits);
  }

  function drawTrend() {
    const canvas = $('trend-canvas');
    const ratio = window.devicePixelRatio || 1;
    const cssW = canvas.clientWidth || 600, cssH = canvas.clientHeight || 300;
    if (canvas.width !== Math.round(cssW * ratio) || canvas.height !== Math.round(cssH * ratio)) {
      canvas.width = Math.round(cssW * ratio);
      canvas.height = Math.round(cssH * ratio);
    }
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, cssW, cssH);
    g.font = '11px system-ui, sans-serif';

    const windowNs = Number($('trend-window').value) * 1e9;
    // The window starts at 0 until the run is longer than the window; then it moves with the latest value.
    const start = Math.max(0, state.lastTimeNs - windowNs);
    const end = start + windowNs;
    const bools = [], analog = [];
    for (const [path, s] of state.trend) (s.bool ? bools : analog).push([path, s]);
    for (const item of $('legend').children) {
      const s = state.trend.get(item.dataset.path);
      const last = s && s.points.length ? s.points[s.points.length - 1][1] : null;
      item.lastChild.textContent = last === null ? '' : (s.bool ? (last ? 'TRUE' : 'FALSE') : String(Math.round(last * 1000) / 1000));
    }

    const left = 58, right = 12, top = 8, bottom = 22, lane = 20;
    const lanesH = bools.length * lane;
    const plotW = cssW - left - right;
    const analogH = analog.length ? Math.max(40, cssH - top - bottom - lanesH - (bools.length ? 6 : 0)) : 0;
    const x = (t) => left + (t - start) / windowNs * plotW;

    // Time axis: seconds of program time.
    const stepS = niceStep(windowNs / 1e9, Math.max(2, Math.floor(plotW / 90)));
    g.strokeStyle = '#e6e9ed';
    g.fillStyle = '#66707a';
    g.lineWidth = 1;
    g.textAlign = 'center';
    g.textBaseline = 'top';
    for (let s = Math.ceil(start / 1e9 / stepS) * stepS; s * 1e9 <= end; s += stepS) {
      const px = Math.round(x(s * 1e9)) + 0.5;
      g.beginPath(); g.moveTo(px, top); g.lineTo(px, cssH - bottom); g.stroke();
      g.fillText(formatTick(s, stepS) + ' s', px, cssH - bottom + 4);
    }
    g.strokeStyle = '#b8c0c8';
    g.beginPath(); g.moveTo(left + 0.5, top); g.lineTo(left + 0.5, cssH - bottom + 0.5); g.lineTo(cssW - right, cssH - bottom + 0.5); g.stroke();

    if (!state.trend.size) {
      g.textAlign = 'center'; g.textBaseline = 'middle';
      g.fillText('no variable chosen', left + plotW / 2, cssH / 2);
      return;
    }

    // Numbers: one shared y axis, auto-scaled to what is in the window.
    if (analog.length) {
      let lo = Infinity, hi = -Infinity;
      for (const [, s] of analog) for (const [t, v] of s.points) if (t >= start) { if (v < lo) lo = v; if (v > hi) hi = v; }
      if (lo === Infinity) { lo = 0; hi = 1; }
      if (lo === hi) { lo -= 1; hi += 1; }
      const pad = (hi - lo) * 0.05; lo -= pad; hi += pad;
      const y = (v) => top + analogH - (v - lo) / (hi - lo) * analogH;
      const step = niceStep(hi - lo, Math.max(2, Math.floor(analogH / 40)));
      g.textAlign = 'right'; g.textBaseline = 'middle'; g.fillStyle = '#66707a'; g.strokeStyle = '#eef0f3';
      for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) {
        const py = Math.round(y(v)) + 0.5;
        g.beginPath(); g.moveTo(left, py); g.lineTo(cssW - right, py); g.stroke();
        g.fillText(formatTick(v, step), left - 4, py);
      }
      g.save();
      g.beginPath(); g.rect(left + 1, top, plotW, analogH); g.clip();
      g.lineWidth = 2;
      g.lineJoin = 'round';
      for (const [, s] of analog) {
        g.strokeStyle = s.color;
        g.beginPath();
        let started = false;
        for (let i = 0; i < s.points.length; i++) {
          const [t, v] = s.points[i];
          if (t < start && i + 1 < s.points.length && s.points[i + 1][0] < start) continue;
          if (!started) { g.moveTo(x(t), y(v)); started = true; } else g.lineTo(x(t), y(v));
        }
        g.stroke();
      }
      g.restore();
    }

    // BOOLs: one lane each, drawn as steps.
    const laneTop = top + analogH + (analog.length ? 6 : 0);
    bools.forEach(([path, s], k) => {
      const y0 = laneTop + k * lane + lane - 4, y1 = laneTop + k * lane + 4;
      g.fillStyle = '#66707a'; g.textAlign = 'right'; g.textBaseline = 'middle';
      const label = path.split('.').pop();
      g.fillText(label.length > 9 ? label.slice(0, 8) + '…' : label, left - 4, (y0 + y1) / 2);
      g.save();
      g.beginPath(); g.rect(left + 1, laneTop + k * lane, plotW, lane); g.clip();
      g.strokeStyle = s.color; g.fillStyle = s.color + '33'; g.lineWidth = 2;
      g.beginPath();
      let prev = null;
      for (const [t, v] of s.points) {
        const px = x(t), py = v ? y1 : y0;
        if (prev === null) g.moveTo(px, py);
        else { g.lineTo(px, prev); g.lineTo(px, py); }
        prev = py;
      }
      if (prev !== null) g.lineTo(x(Math.max(state.lastTimeNs, 0)), prev);
      g.stroke();
      g.restore();
      g.strokeStyle = '#eef0f3'; g.lineWidth = 1;
      g.beginPath(); g.moveTo(left, laneTop + (k + 1) * lane + 0.5); g.lineTo(cssW - right, laneTop + (k + 1) * lane + 0.5); g.stroke();
    });
  }

  $('trend-window').addEventListener('change', drawTrend);
  $('trend-clear').addEventListener('click', () => { for (const s of state.trend.values()) s.points.length = 0; drawTrend(); });
  window.addEventListener('resize', drawTrend);

  // ---------------------------------------------------------------- start

  async function start() {
    takeTokenFromUrl();
    renderLegend();
    drawTrend();
    await checkAccess();
    status();
    setInterval(checkAccess, 5000);
    for (;;) {
      try { await loadTree(); break; }
      catch (e) { setConnection(false, null, e.message); await new Promise((r) => setTimeout(r, 1000)); }
    }
    // Open the programs (the first level) at start.
    for (const n of state.nodes) if (n.children) expandedPaths.add(n.path);
    render();
  }

  start();
})();
