using System.Net;
using System.Net.Http.Json;
using CommandCenter.Security;

namespace CommandCenter.Tests.Security;

public sealed class ApiKeyTests
{
    [Fact]
    public async Task ReferenceApi_ReadKey_ReturnsCodes()
    {
        using var factory = new SecurityAppFactory();
        using var client = factory.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", await factory.Service<ApiKeyStore>().CreateAsync("hotline", [ApiScopes.Read]));

        var response = await client.GetAsync("/api/v1/reference");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        Assert.True(body!.ContainsKey("categories"));
    }

    [Fact]
    public async Task ReferenceApi_IngestOnlyKey_IsForbidden()
    {
        using var factory = new SecurityAppFactory();
        using var client = factory.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", await factory.Service<ApiKeyStore>().CreateAsync("sensor", [ApiScopes.Ingest]));

        var response = await client.GetAsync("/api/v1/reference");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ReferenceApi_UnknownKey_IsUnauthorizedWithoutHtml()
    {
        using var factory = new SecurityAppFactory();
        using var client = factory.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "cck_not-a-key");

        var response = await client.GetAsync("/api/v1/reference");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("<html", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReferenceApi_RevokedKey_IsUnauthorized()
    {
        using var factory = new SecurityAppFactory();
        using var client = factory.NewClient();
        var keys = factory.Service<ApiKeyStore>();
        client.DefaultRequestHeaders.Add("X-Api-Key", await keys.CreateAsync("field-app", [ApiScopes.Read]));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/reference")).StatusCode);

        await keys.RevokeAsync("field-app");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/reference")).StatusCode);
    }

    [Fact]
    public async Task ApiKeyStore_CreatedKey_IsStoredOnlyAsHash()
    {
        using var factory = new SecurityAppFactory();
        var key = await factory.Service<ApiKeyStore>().CreateAsync("bench", [ApiScopes.Ingest]);

        var row = await factory.Service<ApiKeyStore>().FindLiveByHashAsync(Secrets.Hash(key!));

        Assert.NotNull(row);
        Assert.True(key!.Length > 40);
        Assert.Equal(key[..10], row.KeyPrefix);
    }
}
