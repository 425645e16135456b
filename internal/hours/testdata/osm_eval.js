// Reads {"from": ms, "to": ms, "cases": [{"name", "osm"}]} on stdin and
// writes, per case, the open intervals [[startMs, endMs], ...] that the OSM
// opening_hours parser reads from the string between from and to, touching
// intervals merged, or the parser's error. Run with TZ set to the zone of
// the schedules: the parser works in the process's local time.
const OpeningHours = require('opening_hours');

const nominatim = { lat: 59.33, lon: 18.07, address: { country_code: 'se', state: '' } };
let input = '';
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => {
  const req = JSON.parse(input);
  const out = req.cases.map((c) => {
    try {
      const oh = new OpeningHours(c.osm, nominatim, { mode: 0 });
      const ivs = oh.getOpenIntervals(new Date(req.from), new Date(req.to));
      const merged = [];
      for (const [a, b] of ivs) {
        const s = a.getTime(), e = b.getTime();
        if (merged.length && merged[merged.length - 1][1] >= s) {
          merged[merged.length - 1][1] = Math.max(merged[merged.length - 1][1], e);
        } else {
          merged.push([s, e]);
        }
      }
      return { name: c.name, intervals: merged };
    } catch (e) {
      return { name: c.name, error: String(e) };
    }
  });
  process.stdout.write(JSON.stringify(out));
});
