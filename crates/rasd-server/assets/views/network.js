// Network: actors joined by the fused events between them, laid out by a deterministic force simulation.
import { h, mount, qty, s, bi, num, link, ltr, code, typeOptions, options, empty, PLOVER, TYPE_COLOR, ENT_TYPE, showTip, hideTip } from '../util.js';
import { api } from '../api.js';

const W = 1000, H = 640;
const NODE_COLOR = { PER: '#1c7ed6', ORG: '#7048e8', LOC: '#2f9e44', MISC: '#e67700' };

export async function networkView({ el, query, live }) {
  const p = { type: query.get('type') || '', min_weight: query.get('min_weight') || '', limit: query.get('limit') || '' };
  const res = await api('network', p);
  if (!live()) return;
  const nodes = res.nodes || [], ids = new Set(nodes.map((n) => n.id));
  const edges = (res.edges || []).filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target);

  const inputs = {
    type: h('select', { name: 'type', testid: 'network-type', onchange: () => submit() }, typeOptions(p.type)),
    min_weight: h('select', { name: 'min_weight', onchange: () => submit() }, options([['', '≥ 1'], ['2', '≥ 2'], ['3', '≥ 3'], ['5', '≥ 5']], p.min_weight)),
    limit: h('select', { name: 'limit', onchange: () => submit() }, options([['', '50'], ['25', '25'], ['100', '100'], ['200', '200']], p.limit)),
  };
  const submit = () => { location.hash = link('network', Object.fromEntries(Object.entries(inputs).map(([k, i]) => [k, i.value]))); };
  const field = (ar, en, c) => h('label', { class: 'field' }, bi(ar, en), c);

  const head = [
    h('h1', {}, bi('شبكة الفاعلين', 'Actor network')),
    h('p', { class: 'muted' }, 'العُقد كيانات (أو رموز فاعلين)، والروابط أحداث مدمجة بين مصدر وهدف؛ الحجم والسُمك حسب العدد. انقر عقدة لفتحها. · Nodes are entities (or actor codes), edges fused events from source to target; size and width by count. Click a node to open it.'),
    h('form', { class: 'filters boxed', onsubmit: (e) => { e.preventDefault(); submit(); } },
      field('نوع الحدث', 'event type', inputs.type), field('أدنى وزن للرابط', 'min edge weight', inputs.min_weight), field('عدد العقد', 'nodes', inputs.limit)),
  ];
  if (!nodes.length) {
    mount(el, ...head, empty('لا فاعلين لهذه المرشحات.', 'No actors for these filters.'));
    return;
  }

  const pos = layout(nodes, edges);
  const maxW = Math.max(1, ...nodes.map((n) => n.weight || 1));
  const maxE = Math.max(1, ...edges.map((e) => e.weight || 1));
  const radius = (n) => 6 + 18 * Math.sqrt((n.weight || 1) / maxW);

  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'network', 'data-testid': 'network-svg', role: 'img', 'aria-label': 'actor network' });
  const gEdges = s('g', { class: 'edges' }), gNodes = s('g', { class: 'nodes' });
  svg.append(s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 11, markerHeight: 11, markerUnits: 'userSpaceOnUse', orient: 'auto' },
    s('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#868e96' }))), gEdges, gNodes);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edgeEls = [];
  const pairs = new Set(edges.map((e) => e.source + '\u0000' + e.target));
  for (const e of edges) {
    const a = pos.get(e.source), b = pos.get(e.target);
    // Stop the line at the target's rim so the arrow head shows; when the reverse edge exists too, bend both
    // (to opposite sides, since the normal turns with the direction) so they do not lie on each other.
    const dx = b.x - a.x, dy = b.y - a.y, d = Math.hypot(dx, dy) || 1, rt = radius(byId.get(e.target)) + 2;
    const bend = pairs.has(e.target + '\u0000' + e.source) ? 0.12 * d : 0;
    const mx = (a.x + b.x) / 2 - (dy / d) * bend, my = (a.y + b.y) / 2 + (dx / d) * bend;
    const ex = b.x - mx, ey = b.y - my, el = Math.hypot(ex, ey) || 1;
    const x2 = b.x - (ex / el) * rt, y2 = b.y - (ey / el) * rt;
    const top = Object.entries(e.types || {}).sort((x, y) => y[1] - x[1])[0];
    const line = s('path', {
      d: `M${a.x.toFixed(1)},${a.y.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`, fill: 'none', class: 'edge', 'data-testid': 'network-edge',
      'stroke-width': (1 + 5 * Math.sqrt(e.weight / maxE)).toFixed(2), stroke: top ? TYPE_COLOR[top[0]] || '#adb5bd' : '#adb5bd', 'marker-end': 'url(#arrow)',
      'data-source': e.source, 'data-target': e.target,
    });
    line.addEventListener('mousemove', (ev) => showTip(ev, edgeTip(e, byId)));
    line.addEventListener('mouseleave', hideTip);
    gEdges.append(line);
    edgeEls.push([e, line]);
  }
  for (const n of nodes) {
    const { x, y } = pos.get(n.id), r = radius(n);
    const actorOnly = n.id.startsWith('actor:');
    const href = actorOnly ? link('events', { actor: n.actor || n.id.slice(6) }) : link('entity/' + n.id);
    const g = s('g', { class: 'node' + (actorOnly ? ' actor' : ''), 'data-testid': 'network-node', 'data-id': n.id, transform: `translate(${x.toFixed(1)},${y.toFixed(1)})`, tabindex: 0 },
      s('circle', { r: r.toFixed(1), fill: actorOnly ? '#f1f3f5' : NODE_COLOR[n.type] || '#868e96', stroke: actorOnly ? '#495057' : '#fff' }),
      s('text', { y: r + 14, 'text-anchor': 'middle', class: 'nlabel' }, n.name || n.actor || n.id));
    g.addEventListener('click', () => { hideTip(); location.hash = href; });
    g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') location.hash = href; });
    g.addEventListener('mouseenter', (ev) => { focus(n.id); showTip(ev, nodeTip(n)); });
    g.addEventListener('mousemove', (ev) => showTip(ev, nodeTip(n)));
    g.addEventListener('mouseleave', () => { focus(null); hideTip(); });
    gNodes.append(g);
  }

  // Hovering a node dims everything not adjacent to it.
  function focus(id) {
    svg.classList.toggle('focusing', !!id);
    const near = new Set([id]);
    for (const [e, line] of edgeEls) {
      const on = id && (e.source === id || e.target === id);
      line.classList.toggle('on', !!on);
      if (on) { near.add(e.source); near.add(e.target); }
    }
    for (const g of gNodes.children) g.classList.toggle('on', !!id && near.has(g.dataset.id));
  }

  const ranked = nodes.slice().sort((a, b) => b.weight - a.weight).slice(0, 15);
  mount(el, ...head,
    h('div', { class: 'summary' }, h('span', { testid: 'network-nodes-count', dataset: { n: nodes.length } }, qty(nodes.length, 'عقدة', 'nodes')), ' · ',
      h('span', { testid: 'network-edges-count', dataset: { n: edges.length } }, qty(edges.length, 'رابط', 'edges'))),
    h('div', { class: 'with-side' },
      h('div', { class: 'chartbox netbox', dir: 'ltr' }, svg,
        h('div', { class: 'legend small', dir: 'rtl' }, Object.entries(NODE_COLOR).map(([t, c]) => h('span', { class: 'lg' }, h('span', { class: 'sw-color round', style: { background: c } }), ENT_TYPE[t], ' ', ltr(t, 'code'))),
          h('span', { class: 'lg' }, h('span', { class: 'sw-color round actor' }), 'رمز فاعل · actor code'),
          h('span', { class: 'lg muted' }, 'لون الرابط = نوع الحدث الغالب · edge colour = main event type'))),
      h('aside', { class: 'aside' }, h('h3', {}, bi('الأكثر ارتباطاً', 'Most connected')),
        h('ol', { class: 'sidelist ranked' }, ranked.map((n) => h('li', {},
          h('a', { href: n.id.startsWith('actor:') ? link('events', { actor: n.actor }) : link('entity/' + n.id) }, n.name || n.id),
          n.actor ? [' ', code(n.actor)] : null, ' ', h('span', { class: 'count' }, num(n.weight))))))));
}

function nodeTip(n) {
  return h('div', {}, h('div', { class: 'tiphead' }, n.name || n.id), n.name_en ? h('div', {}, ltr(n.name_en)) : null,
    h('div', {}, n.type ? `${ENT_TYPE[n.type] || n.type} · ` : '', n.actor ? code(n.actor) : null),
    h('div', {}, `${num(n.weight)} أحداث مدمجة · fused events`));
}

function edgeTip(e, byId) {
  const a = byId.get(e.source), b = byId.get(e.target);
  return h('div', { testid: 'edge-tip' }, h('div', { class: 'tiphead' }, (a && a.name) || e.source, ' ← ', (b && b.name) || e.target),
    h('div', {}, `${num(e.weight)} أحداث مدمجة · fused events`),
    h('ul', { class: 'tiptypes' }, Object.entries(e.types || {}).sort((x, y) => y[1] - x[1]).map(([t, v]) =>
      h('li', {}, h('span', { class: 'sw-color', style: { background: TYPE_COLOR[t] || '#868e96' } }), `${PLOVER[t] || t} `, ltr(t, 'code'), ': ', num(v)))));
}

/** Seeded PRNG (mulberry32), so the same network always gets the same picture. */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fruchterman–Reingold: all pairs repel (k²/d), edges attract (d²/k, more for heavier edges), and a pull to the
 * centre growing with distance (strong enough to hold unconnected nodes inside a disk of about R) keeps the picture
 * compact; a fixed number of iterations with a cooling step, then the positions are fitted to the box.
 */
function layout(nodes, edges, iterations = 400) {
  const rand = rng(20240619 + nodes.length * 7919 + edges.length);
  const n = nodes.length, k = Math.sqrt((W * H) / Math.max(1, n)) * 0.6;
  const R = 0.42 * Math.min(W, H), g = (n * k * k) / (R * R * R);
  const P = nodes.map(() => ({ x: W / 2 + (rand() - 0.5) * W * 0.5, y: H / 2 + (rand() - 0.5) * H * 0.5 }));
  const index = new Map(nodes.map((nd, i) => [nd.id, i]));
  const E = edges.map((e) => [index.get(e.source), index.get(e.target), 1 + Math.log2(e.weight || 1)]);
  let temp = W / 10;
  for (let it = 0; it < iterations; it++) {
    const D = P.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = P[i].x - P[j].x, dy = P[i].y - P[j].y, d2 = dx * dx + dy * dy;
        if (d2 < 0.01) { dx = rand() - 0.5; dy = rand() - 0.5; d2 = dx * dx + dy * dy; }
        const d = Math.sqrt(d2), f = (k * k) / d;
        D[i].x += (dx / d) * f; D[i].y += (dy / d) * f;
        D[j].x -= (dx / d) * f; D[j].y -= (dy / d) * f;
      }
    }
    for (const [a, b, w] of E) {
      const dx = P[a].x - P[b].x, dy = P[a].y - P[b].y, d = Math.sqrt(dx * dx + dy * dy) || 0.01, f = ((d * d) / k) * w;
      D[a].x -= (dx / d) * f; D[a].y -= (dy / d) * f;
      D[b].x += (dx / d) * f; D[b].y += (dy / d) * f;
    }
    for (let i = 0; i < n; i++) {
      // gravity ~ distance² (elliptic, to fill the wide box)
      const cx = (P[i].x - W / 2) * (H / W), cy = P[i].y - H / 2, dc = Math.hypot(cx, cy);
      D[i].x -= g * dc * cx * (H / W);
      D[i].y -= g * dc * cy;
      const d = Math.hypot(D[i].x, D[i].y) || 1, step = Math.min(d, temp);
      P[i].x += (D[i].x / d) * step;
      P[i].y += (D[i].y / d) * step;
    }
    temp = Math.max(0.5, temp * 0.985);
  }
  // fit into the box, leaving room for labels
  const xs = P.map((p) => p.x), ys = P.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const mx = 80, my = 50, sx = (W - 2 * mx) / Math.max(1, x1 - x0), sy = (H - 2 * my) / Math.max(1, y1 - y0);
  return new Map(nodes.map((nd, i) => [nd.id, n === 1 ? { x: W / 2, y: H / 2 } : { x: mx + (P[i].x - x0) * sx, y: my + (P[i].y - y0) * sy }]));
}
