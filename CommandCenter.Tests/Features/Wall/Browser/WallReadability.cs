namespace CommandCenter.Tests.Features.Wall.Browser;

/// <summary>
/// What the back of the hall can read, measured in the rendered page: the script returns one line per problem found on the
/// wall screen — text (HTML or chart SVG) smaller than the minimum, a box that clips its text (wider or taller content than
/// it shows, an ellipsis), a chart label ApexCharts shortened ("…") or drew outside its chart, two chart labels overlapping.
/// </summary>
public static class WallReadability
{
    /// <summary>The smallest text allowed: 24 px on a 1920-wide screen, in proportion on any other (48 px at 4K).</summary>
    public static double MinimumTextPx(int width) => 24.0 * width / 1920;

    /// <summary>The script; its argument is the minimum text size in px.</summary>
    public const string ProblemsScript = """
        (min) => {
            const root = document.querySelector('.wall-screen');
            const problems = [];
            const name = el => String(el.getAttribute('data-testid') || el.className?.baseVal || el.className || el.tagName);
            const short = text => text.replace(/\s+/g, ' ').trim().slice(0, 40);
            const inView = r => r.width > 0.5 && r.height > 0.5 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
            const hidden = el => { for (let e = el; e && e !== root; e = e.parentElement) {
                const s = getComputedStyle(e); if (s.visibility === 'hidden' || s.display === 'none' || +s.opacity === 0) return true; } return false; };
            // An SVG text without its <title> (ApexCharts puts the full label of a shortened one there; it is not drawn).
            const drawn = t => [...t.childNodes].filter(n => n.nodeName !== 'title').map(n => n.textContent).join('').trim();

            // 1. Size: every text node on screen, HTML or SVG.
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                const text = n.textContent.trim();
                const el = n.parentElement;
                if (!text || el.closest('title, style, script')) continue;
                let rects;
                if (el instanceof SVGElement) rects = [el.getBoundingClientRect()];
                else { const range = document.createRange(); range.selectNodeContents(n); rects = [...range.getClientRects()]; }
                if (!rects.some(inView) || hidden(el)) continue;
                const size = parseFloat(getComputedStyle(el).fontSize);
                if (size < min - 0.25) problems.push(`text ${size.toFixed(1)} px under ${min} px: "${short(text)}" (${name(el)})`);
            }

            // 2. Cut: a box that clips (overflow not visible) and holds more text than it shows.
            for (const el of root.querySelectorAll('*')) {
                if (el instanceof SVGElement || !el.getClientRects().length || !el.textContent.trim() || hidden(el)) continue;
                // A map's drawing surface is larger than its view on purpose (Leaflet pans over it); its labels are checked above.
                if (el.closest('.leaflet-container')) continue;
                const s = getComputedStyle(el);
                if (s.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1)
                    problems.push(`cut at the side: ${name(el)} ${el.scrollWidth} > ${el.clientWidth} px: "${short(el.textContent)}"`);
                if (s.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1)
                    problems.push(`cut at the bottom: ${name(el)} ${el.scrollHeight} > ${el.clientHeight} px: "${short(el.textContent)}"`);
            }

            // 3. Chart labels: whole, inside their chart, apart from each other.
            for (const svg of root.querySelectorAll('.apexcharts-canvas svg.apexcharts-svg')) {
                const box = svg.getBoundingClientRect();
                const texts = [...svg.querySelectorAll('text')].filter(t => drawn(t) && inView(t.getBoundingClientRect()) && !hidden(t));
                for (const t of texts) {
                    const r = t.getBoundingClientRect();
                    if (/(\.\.\.|…)$/.test(drawn(t))) problems.push(`chart label shortened: "${drawn(t)}"`);
                    if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
                        problems.push(`chart label outside its chart: "${drawn(t)}"`);
                }
                for (let i = 0; i < texts.length; i++) {
                    for (let j = i + 1; j < texts.length; j++) {
                        const a = texts[i].getBoundingClientRect(), b = texts[j].getBoundingClientRect();
                        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                        if (w > 1 && h > 1) problems.push(`chart labels overlap: "${drawn(texts[i])}" and "${drawn(texts[j])}"`);
                    }
                }
            }
            return problems;
        }
        """;
}
