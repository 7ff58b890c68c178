using System.Security.Claims;
using CommandCenter.Data;
using CommandCenter.Security;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Tests.Security;

/// <summary>A database outage must neither sign a wall out nor let a revoked device back in.</summary>
public sealed class PrincipalValidatorTests
{
    private static ClaimsPrincipal Device(long id) =>
        new(new ClaimsIdentity([new Claim(SecurityClaims.DeviceId, id.ToString(System.Globalization.CultureInfo.InvariantCulture))], "test"));

    private static ClaimsPrincipal Person(long id) =>
        new(new ClaimsIdentity([new Claim(SecurityClaims.UserId, id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(SecurityClaims.SecurityStamp, "stamp")], "test"));

    /// <summary>The validator over <paramref name="options"/>; no answer cache, so every check asks the database.</summary>
    private static PrincipalValidator Validator(DatabaseOptions options) =>
        new SecurityNode(new DbConnectionFactory(options), new SecurityOptions { CacheDuration = TimeSpan.Zero }).Validator;

    [Fact]
    public async Task IsValid_DatabaseGoneAfterAnAnswer_KeepsTheLastAnswerForLiveAndRevokedDevices()
    {
        using var db = TestDatabase.CreateMigrated();
        var store = new DisplayDeviceStore(db.Connections, TimeProvider.System);
        await store.CreateAsync("hall-left");
        await store.CreateAsync("hall-right");
        var devices = await store.ListAsync();
        var left = devices.Single(d => d.Name == "hall-left").Id;
        var right = devices.Single(d => d.Name == "hall-right").Id;
        await store.RevokeAsync(right);
        // Pooling off so the next open really finds the file gone.
        var options = new DatabaseOptions { ConnectionString = $"Data Source={db.Path};Pooling=False;Mode=ReadWrite" };
        var validator = Validator(options);
        Assert.True(await validator.IsValidAsync(Device(left)));
        Assert.False(await validator.IsValidAsync(Device(right)));

        File.Move(db.Path, db.Path + ".away");
        try
        {
            Assert.ThrowsAny<SqliteException>(() => new SqliteConnection(options.ConnectionString).Open());
            Assert.True(await validator.IsValidAsync(Device(left)));
            Assert.False(await validator.IsValidAsync(Device(right)));
        }
        finally
        {
            File.Move(db.Path + ".away", db.Path);
        }
    }

    [Fact]
    public async Task IsValid_DatabaseUnreachableAndNeverAsked_KeepsADeviceSignedInButNotAPerson()
    {
        var options = new DatabaseOptions
        {
            ConnectionString = $"Data Source={Path.Combine(Path.GetTempPath(), $"cc-missing-{Guid.NewGuid():N}", "cc.db")};Pooling=False;Mode=ReadWrite",
        };
        var validator = Validator(options);

        Assert.True(await validator.IsValidAsync(Device(7)));
        Assert.False(await validator.IsValidAsync(Person(7)));
    }
}
