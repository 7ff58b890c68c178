// Starts Blazor (App.razor loads blazor.web.js with autostart="false"; the CSP allows no inline script).
// A wall runs unattended for weeks: the circuit tries to reconnect for as long as it takes, quickly at first,
// then every 5 seconds. ReconnectModal.razor.js takes over should the attempts ever run out, and reloads the page
// once the server answers but no longer knows the circuit (a restart).
Blazor.start({
    circuit: {
        reconnectionOptions: {
            maxRetries: 1000000,
            retryIntervalMilliseconds: previousAttempts => previousAttempts < 5 ? 1000 : 5000,
        },
    },
});
