// The printable monthly report's print button (a file, not inline: the CSP allows scripts from this site only).
document.querySelector("[data-print-page]")?.addEventListener("click", () => window.print());
