// The wall's browser side: tables and lists longer than their box scroll by themselves (a wall has no mouse).
// Each .wall-autoscroll element rests at the top, glides down, rests at the end, and starts again from the top.

const running = new Map();
const pauseMs = 4000;
const stepMs = 40;

function tick(root, boxes) {
    const step = Math.max(1, Math.round(window.innerHeight / 1080));
    const now = Date.now();
    for (const box of root.querySelectorAll(".wall-autoscroll")) {
        const overflow = box.scrollHeight - box.clientHeight;
        if (overflow <= 2) {
            if (box.scrollTop !== 0) box.scrollTop = 0;
            boxes.delete(box);
            continue;
        }
        let s = boxes.get(box);
        if (!s) boxes.set(box, s = { phase: "top", until: now + pauseMs });
        if (now < s.until) continue;
        if (s.phase === "bottom") {
            box.scrollTop = 0;
            s.phase = "top";
            s.until = now + pauseMs;
            continue;
        }
        s.phase = "scroll";
        box.scrollTop = Math.min(overflow, box.scrollTop + step);
        if (box.scrollTop >= overflow - 1) {
            s.phase = "bottom";
            s.until = now + pauseMs;
        }
    }
}

export function start(root) {
    if (!root || running.has(root)) return;
    // The circuit is up: the page is live from here on (the prerendered HTML before it is not).
    root.dataset.live = "true";
    const boxes = new WeakMap();
    running.set(root, setInterval(() => tick(root, boxes), stepMs));
}

export function stop(root) {
    clearInterval(running.get(root));
    running.delete(root);
}
