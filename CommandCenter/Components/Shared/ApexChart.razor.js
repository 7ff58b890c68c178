// The ApexCharts side of Components/Shared/ApexChart.razor: one chart per element, created once, then updated in place.
// ApexCharts (lib/apexcharts, MIT 4.7.0) is loaded once by a script element from this origin: the CSP allows no inline script.

const charts = new WeakMap();
let apexLoaded;
let localeLoaded;

const palette = ["#38bdf8", "#fbbf24", "#34d399", "#a78bfa", "#f472b6", "#fb923c", "#2dd4bf", "#f87171", "#94a3b8", "#facc15"];

function loadApexCharts() {
    if (window.ApexCharts) return Promise.resolve();
    apexLoaded ??= new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = new URL("../../lib/apexcharts/apexcharts.min.js", import.meta.url).href;
        script.onload = () => resolve();
        script.onerror = () => { apexLoaded = undefined; reject(new Error("ApexCharts could not be loaded")); };
        document.head.appendChild(script);
    });
    return apexLoaded;
}

function loadLocale() {
    const name = (document.documentElement.lang || "zh-CN").toLowerCase().startsWith("zh") ? "zh-cn" : "en";
    localeLoaded ??= fetch(new URL(`../../lib/apexcharts/locales/${name}.json`, import.meta.url).href)
        .then(r => r.ok ? r.json() : null)
        .catch(() => null);
    return localeLoaded;
}

// Wall charts (ApexChart's WallScale) only. Their text is never smaller than the wall's smallest text (wall.css: 24 px on
// a 1920×1080 screen), so a number under it is raised to it: a board cannot ask for unreadable labels.
const wallMinTextPx = 24;

// On the wall, sizes given as numbers are pixels of a 1920×1080 design, like the wall's --px (wall.css): a 4K wall gets them
// twice as large, text and the room kept for it (label widths, offsets) alike, so the picture keeps its proportions.
// An office page's chart (a report on a laptop) keeps its sizes as given: scale 1, no floor.
const pixelKeys = new Set(["maxWidth", "minWidth", "offsetX", "offsetY", "size", "horizontal", "vertical", "top", "right", "bottom", "left"]);

function scaleSizes(value, scale, minText) {
    if (Array.isArray(value)) return value.map(v => scaleSizes(v, scale, minText));
    if (value === null || typeof value !== "object") return value;
    const result = {};
    for (const [key, v] of Object.entries(value)) {
        result[key] = typeof v !== "number" ? scaleSizes(v, scale, minText)
            : key === "fontSize" ? `${Math.round(Math.max(v, minText) * scale)}px`
            : pixelKeys.has(key) ? Math.round(v * scale)
            : v;
    }
    return result;
}

function screenScale() {
    return Math.max(Math.min(window.innerWidth / 1920, window.innerHeight / 1080), 0.5);
}

function merge(base, extra) {
    if (extra === null || typeof extra !== "object" || Array.isArray(extra)) return extra;
    const result = { ...base };
    for (const [key, v] of Object.entries(extra)) {
        const b = base?.[key];
        result[key] = b && typeof b === "object" && !Array.isArray(b) && v && typeof v === "object" && !Array.isArray(v) ? merge(b, v) : v;
    }
    return result;
}

function defaults(locale) {
    return {
        chart: {
            height: "100%",
            width: "100%",
            background: "transparent",
            foreColor: "#c9d6ee",
            fontFamily: "\"Noto Sans CJK SC\", \"Microsoft YaHei\", \"PingFang SC\", sans-serif",
            toolbar: { show: false },
            zoom: { enabled: false },
            parentHeightOffset: 0,
            animations: { enabled: true, speed: 500, dynamicAnimation: { enabled: true, speed: 500 } },
            ...(locale ? { locales: [locale], defaultLocale: locale.name } : {}),
        },
        theme: { mode: "dark" },
        colors: palette,
        grid: { borderColor: "rgba(140, 170, 220, 0.16)", strokeDashArray: 4 },
        legend: { labels: { colors: "#c9d6ee" } },
        dataLabels: { style: { fontWeight: 600 } },
        xaxis: { axisBorder: { color: "rgba(140, 170, 220, 0.3)" }, axisTicks: { show: false } },
        tooltip: { enabled: false },
        states: { hover: { filter: { type: "none" } }, active: { filter: { type: "none" } } },
    };
}

// What a wall chart adds: text at the wall's floor, room for long street names, and legends that wrap onto a second line
// rather than run off the chart.
const wallDefaults = {
    legend: { fontSize: wallMinTextPx, markers: { size: 9 }, itemMargin: { horizontal: 10, vertical: 2 } },
    dataLabels: { style: { fontSize: wallMinTextPx } },
    xaxis: { labels: { style: { fontSize: wallMinTextPx } } },
    yaxis: { labels: { style: { fontSize: wallMinTextPx }, maxWidth: 240 } },
};

function isPie(options) {
    return ["donut", "pie", "radialBar", "polarArea"].includes(options?.chart?.type);
}

export async function create(element, options, series, categories, wallScale) {
    await loadApexCharts();
    const locale = await loadLocale();
    const base = wallScale ? merge(defaults(locale), wallDefaults) : defaults(locale);
    let config = merge(base, options);
    config.series = series;
    if (categories) {
        if (isPie(options)) config.labels = categories;
        else config.xaxis = { ...config.xaxis, categories };
    }
    config = wallScale ? scaleSizes(config, screenScale(), wallMinTextPx) : scaleSizes(config, 1, 0);
    const chart = new window.ApexCharts(element, config);
    charts.set(element, { chart, pie: isPie(options) });
    await chart.render();
}

export async function updateSeries(element, series) {
    const entry = charts.get(element);
    if (entry) await entry.chart.updateSeries(series, true);
}

export async function updateCategories(element, categories) {
    const entry = charts.get(element);
    if (!entry) return;
    await entry.chart.updateOptions(entry.pie ? { labels: categories } : { xaxis: { categories } }, false, true);
}

export function destroy(element) {
    const entry = charts.get(element);
    if (!entry) return;
    charts.delete(element);
    entry.chart.destroy();
}
