// The wall's browser side. Lists no longer scroll here: they turn pages of whole rows on the server (WallPaging), so a
// row is never caught half-way. What is left: marking the page live once the circuit is up, and the clock's seconds.
//
// The clock: the server renders the date and time when it renders the header (a new snapshot, a board or page turn, an
// alert, a new day) and puts its own time (data-now, ms since 1970 UTC) and the business time zone (data-zone) beside
// them. Between renders this module moves the seconds on, from the server's time plus the time passed here, in that
// zone, writing into the text node Blazor rendered (never replacing it, so Blazor's next update lands where it should).
// A thousand walls thus cost the server no render a second.

const clocks = new WeakMap();

export function start(root) {
    // The circuit is up: the page is live from here on (the prerendered HTML before it is not).
    if (!root) return;
    root.dataset.live = "true";
    const clock = root.querySelector("[data-testid=wall-clock]");
    if (!clock || clocks.has(root)) return;
    let formatter;
    try {
        formatter = new Intl.DateTimeFormat("en-GB", {
            timeZone: clock.dataset.zone, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
        });
    } catch {
        return; // An unknown zone: the server's time, as rendered, stays.
    }
    // The server's time at the render just done (start runs right after the first one) against this machine's.
    const state = { offset: Number(clock.dataset.now) - Date.now(), timer: 0 };
    const tick = () => {
        const time = clock.querySelector(".wall-time");
        const text = time && time.firstChild;
        if (text && text.nodeType === Node.TEXT_NODE) {
            const shown = formatter.format(new Date(Date.now() + state.offset));
            if (text.nodeValue !== shown) text.nodeValue = shown;
        }
        // On the next whole second of the server's time.
        state.timer = setTimeout(tick, 1000 - ((Date.now() + state.offset) % 1000) + 5);
    };
    clocks.set(root, state);
    tick();
}

export function stop(root) {
    if (!root) return;
    delete root.dataset.live;
    const state = clocks.get(root);
    if (state) {
        clearTimeout(state.timer);
        clocks.delete(root);
    }
}
