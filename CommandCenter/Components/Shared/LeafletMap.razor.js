// The Leaflet side of Components/Shared/LeafletMap.razor: one map per element, created once, then updated in place.
// Leaflet (lib/leaflet, BSD-2 1.9.4) is loaded once by a script element from this origin: the CSP allows no inline script.
// No tile layer unless the page passes a tile URL (Map:TileUrlTemplate): the district's shapes on a dark background, and
// nothing fetched from anywhere else.

const maps = new WeakMap();
let leafletLoaded;

const stageColours = {
    overdue: "#ef4444",
    urgent: "#f97316",
    dispatch: "#38bdf8",
    inProgress: "#facc15",
    verify: "#a78bfa",
};

// How long a new case pulses before it joins the others.
const freshMs = 60_000;

function loadLeaflet() {
    if (window.L) return Promise.resolve();
    leafletLoaded ??= new Promise((resolve, reject) => {
        const css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = new URL("../../lib/leaflet/leaflet.css", import.meta.url).href;
        document.head.appendChild(css);
        const script = document.createElement("script");
        script.src = new URL("../../lib/leaflet/leaflet.js", import.meta.url).href;
        script.onload = () => resolve();
        script.onerror = () => { leafletLoaded = undefined; reject(new Error("Leaflet could not be loaded")); };
        document.head.appendChild(script);
    });
    return leafletLoaded;
}

// WGS-84 → GCJ-02 (the published offset of Chinese tile services), only when the tiles are GCJ-02.
function wgsToGcj(lat, lng) {
    const a = 6378245.0, ee = 0.00669342162296594323, pi = Math.PI;
    const x = lng - 105.0, y = lat - 35.0;
    let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
        + (20.0 * Math.sin(6.0 * x * pi) + 20.0 * Math.sin(2.0 * x * pi)) * 2.0 / 3.0
        + (20.0 * Math.sin(y * pi) + 40.0 * Math.sin(y / 3.0 * pi)) * 2.0 / 3.0
        + (160.0 * Math.sin(y / 12.0 * pi) + 320 * Math.sin(y * pi / 30.0)) * 2.0 / 3.0;
    let dLng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
        + (20.0 * Math.sin(6.0 * x * pi) + 20.0 * Math.sin(2.0 * x * pi)) * 2.0 / 3.0
        + (20.0 * Math.sin(x * pi) + 40.0 * Math.sin(x / 3.0 * pi)) * 2.0 / 3.0
        + (150.0 * Math.sin(x / 12.0 * pi) + 300.0 * Math.sin(x / 30.0 * pi)) * 2.0 / 3.0;
    const radLat = lat / 180.0 * pi;
    let magic = Math.sin(radLat);
    magic = 1 - ee * magic * magic;
    const sqrtMagic = Math.sqrt(magic);
    dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sqrtMagic) * pi);
    dLng = (dLng * 180.0) / (a / sqrtMagic * Math.cos(radLat) * pi);
    return [lat + dLat, lng + dLng];
}

export async function create(element, options, shapes, points, popups) {
    await loadLeaflet();
    const L = window.L;
    const wall = !!options.wall;
    const map = L.map(element, {
        preferCanvas: true,
        zoomControl: !wall,
        attributionControl: !!options.tileUrl,
        minZoom: options.minZoom,
        maxZoom: options.maxZoom,
        zoomSnap: 0.25,
        dragging: !wall,
        scrollWheelZoom: !wall,
        doubleClickZoom: !wall,
        touchZoom: !wall,
        boxZoom: false,
        keyboard: !wall,
        fadeAnimation: false,
    });
    if (options.tileUrl) {
        L.tileLayer(options.tileUrl, { attribution: options.attribution || "", minZoom: options.minZoom, maxZoom: options.maxZoom }).addTo(map);
    }
    for (const [name, z] of [["shapes", 350], ["near", 590], ["points", 600], ["overdue", 620], ["fresh", 640], ["places", 660]]) {
        const pane = map.createPane(name);
        pane.style.zIndex = z;
        pane.classList.add(`map-pane-${name}`);
    }
    const state = {
        L, map, wall, popups,
        gcj02: !!options.gcj02,
        shift: options.gcj02 ? wgsToGcj : (lat, lng) => [lat, lng],
        renderers: { points: L.canvas({ pane: "points" }), overdue: L.canvas({ pane: "overdue" }), fresh: L.svg({ pane: "fresh" }) },
        markers: new Map(),
        shapes: null,
        fitted: false,
        primed: false,
        places: new Map(),
        editing: null,
        editor: null,
    };
    maps.set(element, state);
    setShapesOf(state, shapes);
    updateOf(state, points, []);
    // The page around the map can change its size after it is drawn (a row of filters appearing, a panel, the window):
    // Leaflet must be told, or the labels and the canvas part ways. Until someone moves the map, it is fitted again.
    map.on("dragstart", () => { state.moved = true; });
    map.on("zoomstart", () => { if (!state.fitting) state.moved = true; });
    state.resize = new ResizeObserver(() => {
        map.invalidateSize({ animate: false });
        if (!state.moved && state.shapes) fit(state);
    });
    state.resize.observe(element);
    element.dataset.ready = "true";
}

function fit(state) {
    state.fitting = true;
    try {
        state.map.fitBounds(state.shapes.getBounds(), { padding: [8, 8], animate: false });
    } finally {
        state.fitting = false;
    }
}

export function setShapes(element, shapes) {
    const state = maps.get(element);
    if (state) setShapesOf(state, shapes);
}

function setShapesOf(state, shapes) {
    const { L, map } = state;
    if (state.shapes) state.shapes.remove();
    const data = JSON.parse(shapes);
    state.shapes = L.geoJSON(data, {
        pane: "shapes",
        interactive: false,
        coordsToLatLng: c => L.latLng(...state.shift(c[1], c[0])),
        style: f => ({
            color: f.properties.stroke || "#475569",
            weight: (f.properties.weight || 1) * scale(state),
            opacity: 1,
            fill: !!f.properties.fill,
            fillColor: f.properties.fill || "transparent",
            fillOpacity: f.properties.fill ? (f.properties.fillOpacity ?? 0.45) : 0,
        }),
        onEachFeature: (f, layer) => {
            if (f.properties.label) layer.bindTooltip(f.properties.label, { permanent: true, direction: "center", className: "map-label", interactive: false });
        },
    }).addTo(map);
    if (!state.fitted && data.features && data.features.length > 0) {
        fit(state);
        state.fitted = true;
    }
}

// The wall's sizes are pixels of the 1920×1080 design, as everywhere on the wall (wall.css --px).
function scale(state) {
    return state.wall ? Math.max(1, window.innerWidth / 1920) : 1;
}

export function update(element, upserts, removed) {
    const state = maps.get(element);
    if (state) updateOf(state, upserts, removed);
}

function updateOf(state, upserts, removed) {
    const fresh = state.primed;
    for (const id of removed) drop(state, id);
    for (const [id, lat, lng, stage] of upserts) {
        const isNew = fresh && !state.markers.has(id);
        drop(state, id);
        draw(state, id, lat, lng, stage, isNew);
    }
    if (upserts.length > 0 || state.markers.size > 0) state.primed = true;
    count(state);
}

// What the page shows, for tests and operators: the points drawn and how many of them pulse as new.
function count(state) {
    const container = state.map.getContainer();
    container.dataset.points = String(state.markers.size);
    container.dataset.fresh = String([...state.markers.values()].filter(m => m.fresh).length);
}

function drop(state, id) {
    const old = state.markers.get(id);
    if (!old) return;
    old.marker.remove();
    clearTimeout(old.timer);
    state.markers.delete(id);
}

function draw(state, id, lat, lng, stage, isNew) {
    const { L, map } = state;
    const s = scale(state);
    const renderer = isNew ? state.renderers.fresh : stage === "overdue" ? state.renderers.overdue : state.renderers.points;
    const marker = L.circleMarker(state.shift(lat, lng), {
        renderer,
        radius: (state.wall ? 6 : 5) * s,
        color: isNew ? "#ffffff" : "#0b1220",
        weight: (isNew ? 2 : 1) * s,
        fillColor: stageColours[stage] || "#94a3b8",
        fillOpacity: 0.95,
        className: isNew ? "map-point-fresh" : "",
        interactive: !!state.popups,
        // A click on a case is the case's: while places are edited it must not also add a place there.
        bubblingMouseEvents: false,
    }).addTo(map);
    if (state.popups) marker.on("click", () => openPopup(state, id, marker));
    const entry = { marker, timer: 0, fresh: isNew };
    if (isNew) entry.timer = setTimeout(() => { drop(state, id); draw(state, id, lat, lng, stage, false); count(state); }, freshMs);
    state.markers.set(id, entry);
}

async function openPopup(state, id, marker) {
    const info = await state.popups.invokeMethodAsync("PopupAsync", id);
    if (!info) return;
    // Built from text nodes: nothing a case says is read as HTML.
    const box = document.createElement("div");
    box.className = "map-popup";
    const link = document.createElement("a");
    link.href = info.href;
    link.textContent = info.caseNo;
    box.appendChild(link);
    for (const line of info.lines) {
        const p = document.createElement("div");
        p.textContent = line;
        box.appendChild(p);
    }
    state.L.popup({ autoPan: true }).setLatLng(marker.getLatLng()).setContent(box).openOn(state.map);
}

// ── Hot spots (近24小时热点): grid fills in a heat ramp, in their own pane above the shapes and below the points. ──────────
// The page sends only the hot grids (a FeatureCollection whose features carry fill and fillOpacity); an empty one clears them.
export function setHotspots(element, hotspots) {
    const state = maps.get(element);
    if (!state) return;
    const { L, map } = state;
    if (!map.getPane("hotspots")) {
        const pane = map.createPane("hotspots");
        pane.style.zIndex = 450;
        pane.classList.add("map-pane-hotspots");
    }
    if (state.hotspots) state.hotspots.remove();
    state.hotspotRenderer ??= L.canvas({ pane: "hotspots" });
    const data = JSON.parse(hotspots);
    state.hotspots = L.geoJSON(data, {
        pane: "hotspots",
        interactive: false,
        renderer: state.hotspotRenderer,
        coordsToLatLng: c => L.latLng(...state.shift(c[1], c[0])),
        style: f => ({
            stroke: false,
            fill: true,
            fillColor: f.properties.fill,
            fillOpacity: f.properties.fillOpacity ?? 0.45,
        }),
    }).addTo(map);
    map.getContainer().dataset.hotspots = String(data.features ? data.features.length : 0);
}

// ---- Managed places (管理点位): a Leaflet layer per place layer, apart from the case points ----

// GCJ-02 back to WGS-84 (a click on GCJ-02 tiles): a few fixed-point steps of the forward shift, well under a metre.
function unshift(state, lat, lng) {
    if (!state.gcj02) return [lat, lng];
    let w = [lat, lng];
    for (let i = 0; i < 4; i++) {
        const g = state.shift(w[0], w[1]);
        w = [w[0] + (lat - g[0]), w[1] + (lng - g[1])];
    }
    return w;
}

// layer: { colour, shape ("triangle" | "square"), places: [[id, lat, lng, name, lines, inSeason]], near: [[lat, lng]] }
export function setPlaces(element, code, layer) {
    const state = maps.get(element);
    if (!state) return;
    clearPlacesOf(state, code);
    const { L, map } = state;
    const s = scale(state);
    const group = L.layerGroup().addTo(map);
    const editing = state.editing === code;
    for (const [lat, lng] of layer.near) {
        // A ring around the case near a place: drawn under the case's own dot.
        L.circleMarker(state.shift(lat, lng), {
            pane: "near", radius: (state.wall ? 11 : 9) * s, color: layer.colour, weight: 2.5 * s, fill: false, interactive: false,
        }).addTo(group);
    }
    const size = Math.round((state.wall ? 18 : 14) * s);
    for (const [id, lat, lng, name, lines, inSeason] of layer.places) {
        const icon = L.divIcon({
            className: `map-place map-place-${layer.shape === "square" ? "square" : "triangle"}${inSeason ? "" : " map-place-off"}`,
            html: `<span style="background:${layer.colour}"></span>`,
            iconSize: [size, size],
            iconAnchor: [size / 2, size / 2],
        });
        const marker = L.marker(state.shift(lat, lng), {
            pane: "places", icon, title: name, keyboard: !state.wall, draggable: editing, interactive: !state.wall, autoPan: false,
        }).addTo(group);
        if (!state.wall) marker.bindPopup(() => placePopup(state, code, id, name, lines, editing, marker));
        if (editing) {
            marker.on("dragend", () => {
                const p = marker.getLatLng();
                const [wLat, wLng] = unshift(state, p.lat, p.lng);
                state.editor?.invokeMethodAsync("PlaceMoveAsync", code, id, wLat, wLng);
            });
        }
    }
    state.places.set(code, group);
    map.getContainer().dataset.places = String([...state.places.values()].reduce((n, g) => n + g.getLayers().length, 0));
}

// Built from text nodes: nothing a place's name or note says is read as HTML.
function placePopup(state, code, id, name, lines, editing, marker) {
    const box = document.createElement("div");
    box.className = "map-popup map-place-popup";
    const title = document.createElement("strong");
    title.textContent = name;
    box.appendChild(title);
    for (const line of lines) {
        const p = document.createElement("div");
        p.textContent = line;
        box.appendChild(p);
    }
    if (editing && state.deleteLabel) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "map-place-delete";
        button.textContent = state.deleteLabel;
        button.addEventListener("click", () => {
            marker.closePopup();
            state.editor?.invokeMethodAsync("PlaceDeleteAsync", code, id);
        });
        box.appendChild(button);
    }
    return box;
}

export function clearPlaces(element, code) {
    const state = maps.get(element);
    if (state) clearPlacesOf(state, code);
}

function clearPlacesOf(state, code) {
    const old = state.places.get(code);
    if (!old) return;
    old.remove();
    state.places.delete(code);
}

// The layer an administrator edits (null: none): a click on the map reports the point to .NET, which asks the name,
// checks and saves, then sends the layer back. The delete button's label comes from .NET (the page's language).
export function setEditing(element, code, editor, deleteLabel) {
    const state = maps.get(element);
    if (!state) return;
    state.editing = code;
    state.editor = code ? editor : null;
    state.deleteLabel = deleteLabel || "";
    if (state.onClick) state.map.off("click", state.onClick);
    state.onClick = null;
    state.map.getContainer().classList.toggle("map-editing", !!code);
    if (!code) return;
    state.onClick = e => {
        const [lat, lng] = unshift(state, e.latlng.lat, e.latlng.lng);
        state.editor?.invokeMethodAsync("PlaceAddAsync", code, lat, lng);
    };
    state.map.on("click", state.onClick);
}

export function destroy(element) {
    const state = maps.get(element);
    if (!state) return;
    for (const entry of state.markers.values()) clearTimeout(entry.timer);
    state.resize?.disconnect();
    state.map.remove();
    maps.delete(element);
}
