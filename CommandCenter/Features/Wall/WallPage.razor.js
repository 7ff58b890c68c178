// The wall's browser side. Lists no longer scroll here: they turn pages of whole rows on the server (WallPaging), so a
// row is never caught half-way. What is left is marking the page live once the circuit is up.

export function start(root) {
    // The circuit is up: the page is live from here on (the prerendered HTML before it is not).
    if (root) root.dataset.live = "true";
}

export function stop(root) {
    if (root) delete root.dataset.live;
}
