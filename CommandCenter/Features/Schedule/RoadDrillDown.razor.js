// Brings a road's drill-down into view when it opens (it starts below the table, off screen on a laptop) and moves the
// keyboard focus to its heading. The CSS scroll-margin keeps it clear of the app bar.
export function reveal(element) {
    const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    element.scrollIntoView({ block: "start", behavior: smooth ? "smooth" : "auto" });
    element.querySelector("[data-drill-heading]")?.focus({ preventScroll: true });
}
