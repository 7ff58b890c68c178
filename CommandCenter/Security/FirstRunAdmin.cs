namespace CommandCenter.Security;

/// <summary>
/// On first run (no users at all) creates <c>admin</c> with a random password, written once to the log and stored nowhere in
/// clear. A hosted service: the schema exists before any starts (migrations run before the host, see HostStartup).
/// </summary>
public sealed class FirstRunAdmin(UserStore users, AuditLog audit, ILogger<FirstRunAdmin> logger) : IHostedService
{
    public const string UserName = "admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await users.AnyAsync(cancellationToken)) return;
        var password = Secrets.NewPassword();
        await users.CreateAsync(UserName, password, new UserEdit("Administrator", [Roles.Admin], HasPii: false, LeaderId: null), cancellationToken);
        await audit.WriteAsync("system", AuditActions.UserCreated, UserName, "first run", cancellationToken);
        logger.LogWarning(
            "First run: created user '{UserName}' with password {Password} — shown only this once; sign in and keep it safe " +
            "(reset with: dotnet run --project CommandCenter -- user reset admin)", UserName, password);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
