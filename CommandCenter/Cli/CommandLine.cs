using System.Data.Common;
using CommandCenter.Data;
using CommandCenter.Extensions;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using CommandCenter.Security;

namespace CommandCenter.Cli;

/// <summary>
/// Account management before the web host runs, with the app's own configuration (connection string, provider):
/// <code>
/// user add NAME --roles Admin,Staff [--leader L01] [--pii] [--display-name "张三"]   prints a generated password
/// user reset NAME                                                                 prints a new password
/// user disable NAME
/// apikey create NAME --scopes ingest,read                                         prints the key, once
/// apikey revoke NAME
/// display add NAME                                                                prints the device token, once
/// import FILE.ndjson [--batch 2000] [--indexes auto|keep|defer]                    cases with their events, one per line
/// calendar import FILE.json                                                       a year's holidays (CalendarCommand)
/// geo import FILE.geojson                                                         boundaries and road lines (GeoCommand)
/// places import LAYERCODE FILE.geojson [--name NAME] [--season MM-DD..MM-DD]      a layer of managed places (PlacesCommand)
/// </code>
/// Secrets are printed once and stored only hashed. Migrations run first.
/// </summary>
public static class CommandLine
{
    private const string Actor = "cli";
    /// <summary>
    /// The longest import file name there can be: the file must exist, and ext4, XFS and NTFS refuse a name longer than 255
    /// (bytes on Linux, UTF-16 units on NTFS; either way at most 255 characters). The audit log records it as the target.
    /// </summary>
    public const int MaxImportFileNameLength = 255;
    private static readonly string[] Commands = ["user", "apikey", "display", "import", "calendar", "geo", "places"];

    /// <summary>The exit code when <paramref name="args"/> is a management command; null to start the web app.</summary>
    public static async Task<int?> TryRunAsync(string[] args)
    {
        if (await BackupCommand.TryRunAsync(args) is { } backedUp) return backedUp;
        if (args.Length == 0 || !Commands.Contains(args[0], StringComparer.OrdinalIgnoreCase)) return null;
        // Only key=value switches go to configuration (e.g. --ConnectionStrings:CommandCenter=...); the rest is the command.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args.Where(a => a.Contains('=')).ToArray() });
        // Only the command's own output: no migration chatter.
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.AddApplicationServices();
        await using var app = builder.Build();
        app.Services.GetRequiredService<DatabaseMigrator>().Migrate();
        try
        {
            return await RunAsync(app.Services, args);
        }
        catch (UsageException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        catch (DbException ex)
        {
            // An outage mid-command: no stack trace, what happened and what to do. An import can simply be run again.
            await Console.Error.WriteLineAsync($"The database stopped the command: {ex.Message} What was reported as done is " +
                                               "stored; run the command again once the database is back (an import skips the cases already in).");
            return 1;
        }
    }

    private const string Usage = """
        Usage:
          user add NAME --roles Admin,Scheduler,Leader,Staff [--leader LEADER_CODE] [--pii] [--display-name TEXT]
          user reset NAME
          user disable NAME
          apikey create NAME --scopes ingest,read
          apikey revoke NAME
          display add NAME
          import FILE.ndjson [--batch 2000] [--indexes auto|keep|defer]
          calendar import FILE.json
          geo import FILE.geojson
          places import LAYERCODE FILE.geojson [--name NAME] [--season MM-DD..MM-DD]
        """;

    private static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        if (args[0].Equals("import", StringComparison.OrdinalIgnoreCase)) return await ImportAsync(services, args);
        if (args[0].Equals("calendar", StringComparison.OrdinalIgnoreCase)) return await CalendarCommand.RunAsync(services, args, Console.Out, Console.Error);
        if (args[0].Equals("geo", StringComparison.OrdinalIgnoreCase)) return await GeoCommand.RunAsync(services, args, Console.Out, Console.Error);
        if (args[0].Equals("places", StringComparison.OrdinalIgnoreCase)) return await PlacesCommand.RunAsync(services, args, Console.Out, Console.Error);
        var users = services.GetRequiredService<UserStore>();
        var audit = services.GetRequiredService<AuditLog>();
        var command = $"{args[0].ToLowerInvariant()} {(args.Length > 1 ? args[1].ToLowerInvariant() : "")}";
        var name = args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal)
            ? args[2] : throw new UsageException("NAME is missing.");

        switch (command)
        {
            case "user add":
            {
                if (!UserStore.IsValidUserName(name))
                    throw new UsageException($"'{name}' is not a user name: use 2–50 letters, digits, '.', '_' or '-'.");
                var roles = UserRow.SplitRoles(Option(args, "--roles") ?? throw new UsageException("--roles is required."));
                if (roles.FirstOrDefault(r => !Roles.People.Contains(r)) is { } bad)
                    throw new UsageException($"Unknown role '{bad}'; use {string.Join(", ", Roles.People)}.");
                long? leaderId = null;
                if (Option(args, "--leader") is { } leaderCode)
                {
                    var leader = (await services.GetRequiredService<ReferenceCatalog>().GetAsync()).Leader(leaderCode)
                        ?? throw new UsageException($"No leader with code '{leaderCode}'.");
                    leaderId = leader.Id;
                }
                var password = Secrets.NewPassword();
                var edit = new UserEdit(Option(args, "--display-name") ?? name, roles, args.Contains("--pii"), leaderId);
                if (!await users.CreateAsync(name, password, edit))
                    return Fail($"User '{name}' already exists.");
                await audit.WriteAsync(Actor, AuditActions.UserCreated, name, $"roles {string.Join(',', roles)}");
                Console.WriteLine($"Created user '{name}'. Password (shown once): {password}");
                return 0;
            }
            case "user reset":
            {
                var user = await users.FindAsync(name);
                if (user is null) return Fail($"No user '{name}'.");
                var password = Secrets.NewPassword();
                await users.SetPasswordAsync(user.Id, password);
                await audit.WriteAsync(Actor, AuditActions.PasswordReset, user.UserName);
                Console.WriteLine($"New password for '{user.UserName}' (shown once): {password}");
                return 0;
            }
            case "user disable":
            {
                var user = await users.FindAsync(name);
                if (user is null) return Fail($"No user '{name}'.");
                await users.SetDisabledAsync(user.Id, true);
                await audit.WriteAsync(Actor, AuditActions.UserDisabled, user.UserName);
                Console.WriteLine($"Disabled '{user.UserName}'.");
                return 0;
            }
            case "apikey create":
            {
                var scopes = (Option(args, "--scopes") ?? throw new UsageException("--scopes is required."))
                    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (scopes.FirstOrDefault(s => !ApiScopes.All.Contains(s, StringComparer.OrdinalIgnoreCase)) is { } bad)
                    throw new UsageException($"Unknown scope '{bad}'; use {string.Join(", ", ApiScopes.All)}.");
                var key = await services.GetRequiredService<ApiKeyStore>().CreateAsync(name, scopes);
                if (key is null) return Fail($"An API key named '{name}' already exists.");
                await audit.WriteAsync(Actor, AuditActions.ApiKeyCreated, name, $"scopes {string.Join(',', scopes)}");
                Console.WriteLine($"API key '{name}' (shown once; send it as X-Api-Key): {key}");
                return 0;
            }
            case "apikey revoke":
            {
                if (!await services.GetRequiredService<ApiKeyStore>().RevokeAsync(name)) return Fail($"No live API key '{name}'.");
                await audit.WriteAsync(Actor, AuditActions.ApiKeyRevoked, name);
                Console.WriteLine($"Revoked API key '{name}'.");
                return 0;
            }
            case "display add":
            {
                var token = await services.GetRequiredService<DisplayDeviceStore>().CreateAsync(name);
                if (token is null) return Fail($"A display named '{name}' already exists.");
                await audit.WriteAsync(Actor, AuditActions.DeviceCreated, name);
                Console.WriteLine($"Display '{name}' token (shown once). Open on the screen: /wall?device={token}");
                return 0;
            }
            default:
                throw new UsageException($"Unknown command '{command.Trim()}'.");
        }
    }

    /// <summary>Exit code 0 when every line went in (or was there already), 1 when some lines failed or the indexes it set aside could not be built again.</summary>
    private static async Task<int> ImportAsync(IServiceProvider services, string[] args)
    {
        var file = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal)
            ? args[1] : throw new UsageException("FILE is missing.");
        var batchSize = ImportCommand.DefaultBatchSize;
        if (Option(args, "--batch") is { } batch && (!int.TryParse(batch, out batchSize) || batchSize is < 1 or > 100_000))
            throw new UsageException("--batch takes a number from 1 to 100000.");
        var indexes = Option(args, "--indexes")?.ToLowerInvariant() switch
        {
            null or "auto" => ImportIndexes.Auto,
            "keep" => ImportIndexes.Keep,
            "defer" => ImportIndexes.Defer,
            _ => throw new UsageException("--indexes takes auto, keep or defer."),
        };
        var connections = services.GetRequiredService<DbConnectionFactory>();
        if (indexes == ImportIndexes.Defer && connections.Provider != DatabaseProvider.Sqlite)
            throw new UsageException("--indexes defer works on SQLite only; SQL Server keeps its indexes during an import.");
        if (!File.Exists(file)) return Fail($"No file '{file}'.");
        var import = new ImportCommand(services.GetRequiredService<BulkImport>(), services.GetRequiredService<ReferenceCatalog>(),
            connections, services.GetRequiredService<TimeProvider>());
        var summary = await import.RunAsync(file, Console.Out, Console.Error, batchSize, indexes);
        await services.GetRequiredService<AuditLog>().WriteAsync(Actor, AuditActions.Import, Path.GetFileName(file),
            $"{summary.Created:N0} created, {summary.Skipped:N0} skipped, {summary.Failed:N0} failed in {summary.Elapsed.TotalSeconds:F1} s" +
            (summary.IndexesPending ? "; indexes not built again yet" : ""));
        return summary.Failed == 0 && !summary.IndexesPending ? 0 : 1;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.FindIndex(args, a => a.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (i < 0) return null;
        return i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
            ? args[i + 1] : throw new UsageException($"{name} needs a value.");
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }

    private sealed class UsageException(string message) : Exception(message);
}
