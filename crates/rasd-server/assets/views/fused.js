// Fused events: one event as all its reports tell it — who reports it, how, and where they disagree.
import { h, mount, outletLabel, bi, num, date, ltr, link, code, typeBadge, modalityBadge, party, FIELD, MODALITY } from '../util.js';
import { api } from '../api.js';

/** How a report's outlet is named: the outlet, else its file (as the contradictions do). */
export const reportOutlet = (m) => m.outlet || m.file;

export async function fusedView({ el, args }) {
  const fe = await api('fused-events/' + encodeURIComponent(args[0]));
  mount(el, 
    h('div', { class: 'crumbs' }, fe.story ? h('a', { href: link('story/' + fe.story) }, '→ القصة · story ', ltr(fe.story)) : null),
    h('h1', {}, bi('حدث مدمج', 'Fused event'), ' ', ltr(fe.id, 'muted')),
    fusedCard(fe, { open: true, standalone: true }));
}

/** One-line headline of a fused event: type, CAMEO, source ← target. */
export function fusedHeadline(fe) {
  return h('span', { class: 'fehead' }, typeBadge(fe.type), ' ', code(fe.cameo), ' ',
    h('span', { class: 'flow' }, party(fe.source, 'entity'), h('span', { class: 'arrow' }, ' ← '), party(fe.target, 'entity')));
}

export function corroboration(fe) {
  const n = fe.corroboration || 0;
  return h('span', { class: 'corr' + (n >= 2 ? ' strong' : ''), title: 'corroboration: independent outlets', testid: 'corroboration', dataset: { n } },
    h('strong', {}, num(n)), ' ', n === 1 ? bi('منفذ', 'outlet') : bi('منافذ', 'outlets'));
}

/** A fused event as an expandable card: headline, outlets, contradictions side by side, reports with evidence. */
export function fusedCard(fe, { open = false, standalone = false } = {}) {
  const mentions = fe.mentions || [];
  const outlets = [...new Set(mentions.map(reportOutlet))];
  const contra = fe.contradictions || [];
  const body = h('div', { class: 'febody' },
    h('dl', { class: 'grid small' },
      h('dt', {}, bi('التاريخ', 'date')), h('dd', {}, fe.date ? ltr(fe.date) : '—'),
      h('dt', {}, bi('المكان', 'place')), h('dd', {}, fe.location || '—'),
      h('dt', {}, bi('أول نشر', 'first reported')), h('dd', {}, date(fe.first_reported)),
      h('dt', {}, bi('يرويه', 'reported by')), h('dd', { testid: 'fe-outlets' }, outlets.map((o) => h('span', { class: 'chip' }, outletLabel(o)))),
      !standalone ? [h('dt', {}, ''), h('dd', {}, h('a', { href: link('fused/' + fe.id) }, 'صفحة الحدث · event page ', ltr(fe.id)))] : null),
    contra.length ? [h('h4', {}, bi('تناقضات بين المنافذ', 'Where outlets disagree')), contradictionTable(fe)] : null,
    (fe.updates || []).length ? [h('h4', {}, bi('تحديثات الحصيلة', 'Figures updated over time')), updatesList(fe)] : null,
    h('details', { class: 'reportsbox', open: standalone || mentions.length <= 4 },
      h('summary', {}, h('strong', {}, bi('التقارير وأدلتها', 'Reports and their evidence')), ' ', h('span', { class: 'count' }, num(mentions.length))),
      reportsTable(mentions)));
  return h('details', { class: 'fe' + (contra.length ? ' contradicted' : ''), open, testid: 'fused-event', dataset: { id: fe.id } },
    h('summary', {}, fusedHeadline(fe),
      h('span', { class: 'fesum' },
        fe.location ? h('span', { class: 'small place' }, fe.location) : null,
        corroboration(fe),
        contra.length ? h('span', { class: 'badge warn', testid: 'contradiction-badge' }, `${num(contra.length)} تناقض · contradiction${contra.length > 1 ? 's' : ''}`) : null)),
    body);
}

/** field | value A — outlets | value B — outlets (| value C …): the disagreeing values side by side. */
export function contradictionTable(fe) {
  const contra = fe.contradictions || [];
  const cols = Math.max(2, ...contra.map((c) => c.values.length));
  const letters = ['أ · A', 'ب · B', 'ج · C', 'د · D', 'هـ · E', 'و · F'];
  return h('table', { class: 'data contra', testid: 'contradiction-table', dataset: { fused: fe.id } },
    h('thead', {}, h('tr', {}, h('th', {}, bi('الحقل', 'field')),
      Array.from({ length: cols }, (_, i) => h('th', {}, 'الرواية ', letters[i] || String(i + 1), ' — ', bi('المنافذ', 'outlets'))))),
    h('tbody', {}, contra.map((c) => h('tr', { testid: 'contradiction-row', dataset: { field: c.field } },
      h('th', { scope: 'row' }, FIELD[c.field] ? bi(...FIELD[c.field]) : ltr(c.field)),
      Array.from({ length: cols }, (_, i) => {
        const v = c.values[i];
        if (!v) return h('td', {});
        const reports = holding(fe, c.field, v);
        return h('td', { testid: 'contra-value', dataset: { value: typeof v.value === 'object' && v.value ? JSON.stringify(v.value) : v.value ?? '' } },
          h('div', { class: 'cval' }, fieldValue(c.field, v.value)),
          h('div', { class: 'couts' }, (v.outlets || []).map((o) => h('span', { class: 'chip' }, outletLabel(o)))),
          (v.sources || []).length ? h('div', { class: 'muted small', testid: 'contra-source' }, bi('بحسب', 'according to'), ': ', v.sources.join('، ')) : null,
          reports.length ? h('ul', { class: 'cevi' }, reports.slice(0, 3).map((m) => h('li', {},
            h('a', { href: link('article/' + m.article, { at: m.start }), testid: 'contra-evidence', title: 'الدليل · evidence' }, clip(m.evidence, 170)),
            ' ', h('span', { class: 'muted small' }, '— ', outletLabel(reportOutlet(m))))),
          reports.length > 3 ? h('li', { class: 'muted small' }, `+${num(reports.length - 3)}`) : null) : null);
      })))));
}

/** Figures reported higher later on, earliest first: value — outlets — when, each with its evidence. */
export function updatesList(fe) {
  return h('div', { testid: 'fe-updates' }, (fe.updates || []).map((u) => h('ol', { class: 'updates', testid: 'update', dataset: { field: u.field } },
    (u.values || []).map((v) => {
      const reports = (v.evidence || []).length ? holding(fe, u.field, v) : [];
      const first = reports.map((m) => m.published).filter(Boolean).sort()[0];
      return h('li', { testid: 'update-value' },
        h('strong', {}, fieldValue(u.field, v.value)), u.counted ? [' ', h('span', { class: 'muted small' }, u.counted)] : null, ' — ',
        (v.outlets || []).map((o) => h('span', { class: 'chip' }, outletLabel(o))),
        first ? [' ', h('span', { class: 'muted small' }, date(first))] : null,
        reports.length ? h('div', { class: 'small' }, h('a', { href: link('article/' + reports[0].article, { at: reports[0].start }), testid: 'update-evidence' }, clip(reports[0].evidence, 170))) : null);
    }))));
}

function fieldValue(field, value) {
  if (value === null || value === undefined || value === '') return h('span', { class: 'muted' }, 'غير مذكور · not stated');
  if (field === 'modality') return [MODALITY[value] || '', ' ', ltr(value, 'en')];
  if (field === 'date') return ltr(value);
  if (typeof value === 'object') return value.text || [num(value.value), value.unit].filter(Boolean).join(' ');
  return String(value);
}

// The reports that give value `v` of a contradiction on `field`: those it lists, else (a value stored before values
// listed their reports) each report stating the field goes to one value:
// among the values listing its file, the one equal to what it says, else one containing it or contained in it
// (the contradiction may name a place by its longest form).
function holding(fe, field, v) {
  // A value that lists its reports (file and sentence offsets) names them.
  if ((v.evidence || []).length) {
    const at = new Set(v.evidence.map((e) => `${e.file}|${e.start}`));
    return (fe.mentions || []).filter((m) => at.has(`${m.file}|${m.start}`));
  }
  const c = (fe.contradictions || []).find((x) => x.field === field);
  const str = (x) => (x !== null && typeof x === 'object' ? x.text ?? String(x.value) : String(x ?? ''));
  return (fe.mentions || []).filter((m) => {
    if (m[field] === null || m[field] === undefined) return false;
    const said = str(m[field]);
    const cands = c.values.filter((x) => !(x.files || []).length || x.files.includes(m.file));
    const best = cands.find((x) => str(x.value) === said)
      || cands.find((x) => str(x.value).includes(said) || said.includes(str(x.value)));
    return best === v;
  });
}

function clip(s, n) {
  const c = Array.from(s || '');
  return c.length > n ? c.slice(0, n).join('') + '…' : s;
}

export function reportsTable(mentions) {
  return h('table', { class: 'data reports', testid: 'reports' },
    h('thead', {}, h('tr', {}, [['المنفذ', 'outlet'], ['التاريخ', 'published'], ['الصيغة', 'modality'], ['CAMEO', ''], ['ما يذكره', 'says'], ['الدليل', 'evidence']]
      .map(([ar, en]) => h('th', {}, en ? bi(ar, en) : ltr(ar))))),
    h('tbody', {}, mentions.map((m) => h('tr', { testid: 'report-row' },
      h('td', {}, outletLabel(reportOutlet(m))),
      h('td', { class: 'nowrap' }, date(m.published)),
      h('td', {}, modalityBadge(m.modality)),
      h('td', {}, code(m.cameo)),
      h('td', { class: 'small' }, says(m)),
      h('td', { class: 'evidence' }, h('a', { href: link('article/' + m.article, { at: m.start }), testid: 'report-evidence' }, m.evidence))))));
}

/** What one report states of the event's date, place and amount. */
function says(m) {
  const parts = [];
  if (m.date) parts.push(h('div', {}, h('span', { class: 'muted' }, 'التاريخ: '), ltr(m.date)));
  if (m.location) parts.push(h('div', {}, h('span', { class: 'muted' }, 'المكان: '), m.location));
  if (m.quantity !== null && m.quantity !== undefined) {
    const q = typeof m.quantity === 'object' ? (m.quantity.text || [num(m.quantity.value), m.quantity.unit].filter(Boolean).join(' ')) : String(m.quantity);
    parts.push(h('div', {}, h('span', { class: 'muted' }, 'الكمية: '), q));
  }
  return parts.length ? parts : h('span', { class: 'muted' }, '—');
}
