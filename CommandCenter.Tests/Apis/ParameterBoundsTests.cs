using System.Net;
using System.Text.Json;
using CommandCenter.Domain;
using CommandCenter.Security;
using CommandCenter.Tests.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Apis;

/// <summary>
/// The intake app with its clock on the last day of <see cref="CalendarRange"/>, so every date, week and month inside the
/// range is in the past or running (a valid edge must answer 2xx, not "in the future"); one read key and one signed-in person.
/// </summary>
public sealed class ParameterBoundsFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2099, 12, 31, 12, 0, 0, TimeSpan.Zero);

    private readonly IntakeAppFactory _intake = new();

    public ParameterBoundsFixture() =>
        App = _intake.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new FixedClock(Now))));

    public WebApplicationFactory<Program> App { get; }
    public HttpClient Api { get; private set; } = null!;
    public HttpClient Person { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Api = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Api.DefaultRequestHeaders.Add("X-Api-Key", await App.Services.GetRequiredService<ApiKeyStore>().CreateAsync("bounds", [ApiScopes.Read]));
        var password = Secrets.NewPassword();
        await App.Services.GetRequiredService<UserStore>().CreateAsync("bounds-staff", password,
            new UserEdit("bounds-staff", [Roles.Staff], HasPii: false, LeaderId: null));
        Person = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var signIn = await SecurityAppFactory.PostLoginAsync(Person, "bounds-staff", password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    public Task DisposeAsync()
    {
        Api.Dispose();
        Person.Dispose();
        App.Dispose();
        _intake.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Every date, ISO week and month a caller can name — API parameters found in the OpenAPI document, and the pages' addresses —
/// is accepted from the first to the last day of <see cref="CalendarRange"/> and answered 400 (naming the parameter) outside
/// it or when malformed; never a 5xx (the day after 9999-12-31 and the month after 9999-12 used to overflow).
/// </summary>
public sealed class ParameterBoundsTests(ParameterBoundsFixture fixture) : IClassFixture<ParameterBoundsFixture>
{
    private enum Kind { Day, Week, Month }

    private static readonly Dictionary<Kind, string[]> Inside = new()
    {
        [Kind.Day] = ["2000-01-01", "2099-12-31"],
        [Kind.Week] = ["2000-W01", "2099-W53"],
        [Kind.Month] = ["2000-01", "2099-12"],
    };

    private static readonly Dictionary<Kind, string[]> Outside = new()
    {
        [Kind.Day] = ["1999-12-31", "2100-01-01", "0001-01-01", "9999-12-31", "2026-02-30", "2026-1-1", "yesterday"],
        [Kind.Week] = ["1999-W52", "2100-W01", "0001-W01", "9999-W52", "2026-W54", "2026-47", "garbage"],
        [Kind.Month] = ["1999-12", "2100-01", "0001-01", "9999-12", "2026-13", "2026-1", "garbage"],
    };

    /// <summary>Values for the other parameters of an operation that has a date-like one.</summary>
    private static readonly Dictionary<string, string> Others = new(StringComparer.OrdinalIgnoreCase) { ["groupBy"] = "street" };

    private static Kind? KindOf(string name, JsonElement parameter)
    {
        if (name.Contains("week", StringComparison.OrdinalIgnoreCase)) return Kind.Week;
        if (name.Contains("month", StringComparison.OrdinalIgnoreCase)) return Kind.Month;
        var format = parameter.TryGetProperty("schema", out var schema) && schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        return format is "date" or "date-time" || name.ToLowerInvariant() is "from" or "to" or "date" or "day" or "since" or "until"
            ? Kind.Day : null;
    }

    private sealed record Parameter(string Name, string In, bool Required, Kind? Kind);

    private sealed record Operation(string Path, List<Parameter> Parameters)
    {
        /// <summary>
        /// The URL with <paramref name="name"/> set to <paramref name="value"/>, every other date-like or required parameter
        /// valid, and the other optional ones left out.
        /// </summary>
        public string Url(string name, string value, string validDay)
        {
            bool Sent(Parameter p) => p.Name == name || p.Kind is not null || p.Required || Others.ContainsKey(p.Name);
            string ValueOf(Parameter p) => p.Name == name ? value
                : p.Kind is { } kind ? (kind == ParameterBoundsTests.Kind.Day ? validDay : Inside[kind][0])
                : Others.GetValueOrDefault(p.Name) ?? throw new InvalidOperationException($"{Path}: no test value for '{p.Name}'.");
            var path = Parameters.Where(p => p.In == "path").Aggregate(Path, (url, p) => url.Replace($"{{{p.Name}}}", Uri.EscapeDataString(ValueOf(p))));
            var query = Parameters.Where(p => p.In == "query" && Sent(p)).Select(p => $"{p.Name}={Uri.EscapeDataString(ValueOf(p))}");
            return $"{path}?{string.Join('&', query)}";
        }
    }

    private async Task<List<Operation>> DateOperationsAsync()
    {
        using var document = JsonDocument.Parse(await fixture.Api.GetStringAsync("/api/v1/openapi.json"));
        var operations = new List<Operation>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            if (!path.Value.TryGetProperty("get", out var get) || !get.TryGetProperty("parameters", out var parameters)) continue;
            var list = parameters.EnumerateArray()
                .Select(p => new Parameter(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!,
                    p.TryGetProperty("required", out var required) && required.GetBoolean(), KindOf(p.GetProperty("name").GetString()!, p)))
                .ToList();
            if (list.Any(p => p.Kind is not null)) operations.Add(new Operation(path.Name, list));
        }
        return operations;
    }

    [Fact]
    public async Task EveryDateWeekAndMonthParameterOfTheApi_InsideTheRangeAnswers_OutsideIs400NamingIt()
    {
        var operations = await DateOperationsAsync();
        var failures = new List<string>();
        var tried = new List<string>();
        foreach (var operation in operations)
        foreach (var parameter in operation.Parameters.Where(p => p.Kind is not null))
        {
            var kind = parameter.Kind!.Value;
            tried.Add($"{operation.Path} {parameter.Name}");
            foreach (var value in Inside[kind])
            {
                // Other dates of the operation take the same day, so a range such as from..to is valid.
                var url = operation.Url(parameter.Name, value, kind == Kind.Day ? value : "2026-11-01");
                using var response = await fixture.Api.GetAsync(url);
                if (!response.IsSuccessStatusCode) failures.Add($"{url}: {(int)response.StatusCode}, expected 2xx");
            }
            foreach (var value in Outside[kind])
            {
                var url = operation.Url(parameter.Name, value, "2026-11-01");
                using var response = await fixture.Api.GetAsync(url);
                if (response.StatusCode != HttpStatusCode.BadRequest)
                {
                    failures.Add($"{url}: {(int)response.StatusCode}, expected 400");
                    continue;
                }
                if (!await NamesAsync(response, parameter.Name)) failures.Add($"{url}: the ProblemDetails does not name '{parameter.Name}'");
            }
        }

        // The walk reached the operations that take dates (a change in the document must not make this test pass vacuously).
        Assert.Superset(new HashSet<string>
        {
            "/api/v1/indicators from", "/api/v1/indicators to", "/api/v1/leaders/roads week",
            "/api/v1/reports/monthly/{month}.xlsx month", "/api/v1/reports/monthly/{month}.csv month",
        }, tried.ToHashSet());
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("/api/v1/indicators?from=9999-12-31&to=9999-12-31&groupBy=street", "from")]
    [InlineData("/api/v1/indicators?from=0001-01-01&to=2026-11-01&groupBy=street", "from")]
    [InlineData("/api/v1/reports/monthly/9999-12.csv", "month")]
    [InlineData("/api/v1/reports/monthly/9999-12.xlsx", "month")]
    [InlineData("/api/v1/leaders/roads?week=9999-W52", "week")]
    public async Task ReportedRequests_Are400NamingTheParameter(string url, string parameter)
    {
        using var response = await fixture.Api.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(await NamesAsync(response, parameter));
    }

    [Fact]
    public async Task Pages_DateWeekAndMonthOutsideTheRange_AreAClearMessageNeverA5xx()
    {
        var failures = new List<string>();
        async Task Expect(string url, HttpStatusCode status, string? marker, bool present = true)
        {
            using var response = await fixture.Person.GetAsync(url);
            var html = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != status) failures.Add($"{url}: {(int)response.StatusCode}, expected {(int)status}");
            else if (marker is not null && html.Contains(marker, StringComparison.Ordinal) != present)
                failures.Add($"{url}: {marker} {(present ? "missing" : "present")}");
        }

        foreach (var month in Inside[Kind.Month]) await Expect($"/reports/{month}/print", HttpStatusCode.OK, "data-testid=\"print-summary\"");
        foreach (var month in Outside[Kind.Month]) await Expect($"/reports/{month}/print", HttpStatusCode.BadRequest, "data-testid=\"bad-month\"");
        foreach (var week in Inside[Kind.Week])
        {
            await Expect($"/schedule?week={week}", HttpStatusCode.OK, "data-testid=\"week-error\"", present: false);
            await Expect($"/schedule/{week}/print", HttpStatusCode.OK, "data-testid=\"print-sheet\"");
            await Expect($"/schedule/{week}.xlsx", HttpStatusCode.OK, null);
        }
        foreach (var week in Outside[Kind.Week])
        {
            await Expect($"/schedule?week={week}", HttpStatusCode.OK, "data-testid=\"week-error\"");
            await Expect($"/schedule/{week}/print", HttpStatusCode.OK, "data-testid=\"week-error\"");
            using var xlsx = await fixture.Person.GetAsync($"/schedule/{week}.xlsx");
            if (xlsx.StatusCode != HttpStatusCode.BadRequest || !await NamesAsync(xlsx, "week"))
                failures.Add($"/schedule/{week}.xlsx: {(int)xlsx.StatusCode}, expected 400 naming week");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("2000-W01", true)]
    [InlineData("2099-W53", true)]
    [InlineData("1999-W52", false)]
    [InlineData("2100-W01", false)]
    public void IsoWeek_ParsesOnlyInsideTheRange(string text, bool valid) =>
        Assert.Equal(valid, Period.TryParseIsoWeek(text, out _));

    [Theory]
    [InlineData("2000-01", true)]
    [InlineData("2099-12", true)]
    [InlineData("1999-12", false)]
    [InlineData("2100-01", false)]
    [InlineData("9999-12", false)]
    public void Month_ParsesOnlyInsideTheRange(string text, bool valid) =>
        Assert.Equal(valid, Period.TryParseMonth(text, out _));

    /// <summary>True when the body is a ProblemDetails whose errors name <paramref name="parameter"/>.</summary>
    private static async Task<bool> NamesAsync(HttpResponseMessage response, string parameter)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.TryGetProperty("errors", out var errors)
            && errors.EnumerateObject().Any(e => string.Equals(e.Name, parameter, StringComparison.OrdinalIgnoreCase));
    }
}
