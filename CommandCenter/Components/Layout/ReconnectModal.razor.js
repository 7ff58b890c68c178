// The reconnect UI. Blazor retries the circuit itself (js/blazor-start.js: practically forever); this file shows it and
// covers the cases Blazor leaves to the page: attempts that ran out (retry every 5 s, forever: a wall screen never becomes
// "visible" again, which is all the .NET template waits for) and a server that answers but no longer knows the circuit
// (a restart: reload the page, but only once the page itself loads, so the screen never lands on a browser error page).
// On the wall the dialog stays hidden: html.cc-offline shows a banner over the last figures instead (css/wall.css).

const retryEveryMs = 5000;
const reconnectModal = document.getElementById("components-reconnect-modal");
reconnectModal.addEventListener("components-reconnect-state-changed", handleReconnectStateChanged);

const retryButton = document.getElementById("components-reconnect-button");
retryButton.addEventListener("click", retry);

const resumeButton = document.getElementById("components-resume-button");
resumeButton.addEventListener("click", resume);

let retryTimer;
let reloading = false;
let busy = false;

function onWall() {
    return document.querySelector(".wall") !== null;
}

function handleReconnectStateChanged(event) {
    const state = event.detail.state;
    document.documentElement.classList.toggle("cc-offline", state !== "hide");
    if (state === "show") {
        if (!onWall()) reconnectModal.showModal();
    } else if (state === "hide") {
        stopRetrying();
        reconnectModal.close();
    } else if (state === "failed") {
        retryForever();
    } else if (state === "rejected") {
        reloadWhenTheServerAnswers();
    } else if (state === "paused" && onWall()) {
        resume();
    }
}

function retryForever() {
    stopRetrying();
    retryTimer = setInterval(retry, retryEveryMs);
}

function stopRetrying() {
    clearInterval(retryTimer);
    retryTimer = undefined;
}

async function retry() {
    if (busy || reloading) return;
    busy = true;
    try {
        // true: reconnected; false: the server answered but has no such circuit; an exception: the server is unreachable.
        const successful = await Blazor.reconnect();
        if (successful) {
            stopRetrying();
            return;
        }
        const resumed = await Blazor.resumeCircuit();
        if (resumed) {
            stopRetrying();
            reconnectModal.close();
        } else {
            reloadWhenTheServerAnswers();
        }
    } catch {
        // Still unreachable: the timer tries again.
        if (!retryTimer) retryForever();
    } finally {
        busy = false;
    }
}

async function resume() {
    try {
        const successful = await Blazor.resumeCircuit();
        if (!successful) reloadWhenTheServerAnswers();
    } catch {
        reconnectModal.classList.replace("components-reconnect-paused", "components-reconnect-resume-failed");
        if (onWall()) setTimeout(resume, retryEveryMs);
    }
}

async function reloadWhenTheServerAnswers() {
    if (reloading) return;
    reloading = true;
    stopRetrying();
    for (;;) {
        try {
            const response = await fetch(location.href, { cache: "no-store", credentials: "same-origin" });
            if (response.ok) {
                location.reload();
                return;
            }
        } catch {
            // Not up yet.
        }
        await new Promise(resolve => setTimeout(resolve, retryEveryMs));
    }
}
