// Stand-off spans → flat, non-overlapping segments.
//
// Entity mentions, event triggers and evidence sentences, quotes, speakers and time expressions can nest and
// overlap (a mention inside a quote inside an evidence sentence). We cut the text at every span boundary and
// give each piece the list of all spans that cover it, so one <span> per piece carries every layer's classes.

/**
 * @param {number} start, end  the range to segment (code points)
 * @param {{start:number,end:number}[]} spans  any spans; those outside [start, end) are ignored, others clipped
 * @returns {{start:number,end:number,spans:object[]}[]} consecutive segments covering [start, end)
 */
export function segment(start, end, spans) {
  const inside = spans.filter((sp) => sp.end > start && sp.start < end && sp.end > sp.start);
  const cuts = new Set([start, end]);
  for (const sp of inside) {
    cuts.add(Math.max(start, sp.start));
    cuts.add(Math.min(end, sp.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  // Sweep: spans sorted by start enter the active set, leave when their end is passed.
  const byStart = inside.slice().sort((a, b) => a.start - b.start);
  let next = 0;
  let active = [];
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    while (next < byStart.length && byStart[next].start <= a) active.push(byStart[next++]);
    active = active.filter((sp) => sp.end > a);
    out.push({ start: a, end: b, spans: active.filter((sp) => sp.start <= a && sp.end >= b) });
  }
  return out;
}
