using CommandCenter.Domain;
using CommandCenter.Features.Reference;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;

namespace CommandCenter.Features.Cases;

/// <summary>
/// /cases (案件查询): the filter lives in the URL (<see cref="CaseFilter.ToQueryString"/>), so a link — from a figure or from a
/// colleague — reproduces the list; the form only builds that URL. Pages go forward by keyset cursor (also in the URL).
/// </summary>
public sealed partial class CasesPage
{
    [Inject] private CaseListQuery Query { get; set; } = default!;
    [Inject] private ReferenceCatalog Reference { get; set; } = default!;
    [Inject] private BusinessCalendar Calendar { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ILogger<CasesPage> Logger { get; set; } = default!;

    private ReferenceData? Data { get; set; }
    private CaseFilter Filter { get; set; } = CaseFilter.All;
    private string? CurrentCursor { get; set; }
    private CaseListPage? Page { get; set; }
    private Dictionary<string, string> Errors { get; set; } = [];
    private bool LoadError { get; set; }
    private FormModel Form { get; set; } = new();

    protected override async Task OnParametersSetAsync()
    {
        Page = null;
        LoadError = false;
        Errors = [];
        var query = QueryHelpers.ParseQuery(Navigation.ToAbsoluteUri(Navigation.Uri).Query);
        try
        {
            Data = await Reference.GetAsync();
            var request = CaseFilters.Parse(n => query.TryGetValue(n, out var v) ? v.ToString() : null, Data, Errors);
            Form = FormModel.Of(query);
            if (request is null) return;
            Filter = request.Filter;
            CurrentCursor = request.Cursor?.Encode();
            Page = await Query.GetAsync(request);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogWarning(ex, "The case list could not be read");
            LoadError = true;
        }
    }

    private void Search() => Navigation.NavigateTo(Form.Url());

    private void OnStreetChanged(string value)
    {
        Form.Street = value;
        Form.Community = "";
        Form.Grid = "";
    }

    private void OnCommunityChanged(string value)
    {
        Form.Community = value;
        Form.Grid = "";
    }

    /// <summary>The regions of a level, under the region coded <paramref name="parentCode"/> when one is chosen.</summary>
    private IEnumerable<RegionRow> Regions(string level, string? parentCode)
    {
        if (Data is null) return [];
        var parent = string.IsNullOrEmpty(parentCode) ? null : Data.Region(parentCode);
        return Data.Regions.Where(r => r.Level == level && (parent is null || IsUnder(r, parent.Id))).OrderBy(r => r.Code, StringComparer.Ordinal);
    }

    private bool IsUnder(RegionRow region, long ancestorId)
    {
        for (var id = region.ParentId; id is { } p; id = Data!.RegionsById.TryGetValue(p, out var r) ? r.ParentId : null)
            if (p == ancestorId) return true;
        return false;
    }

    private string LocalText(DateTime utc) => Calendar.ToLocal(utc).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static string Name(string? name) => name ?? "";

    private string PlaceText(CaseListItem item)
    {
        var street = Data?.Region(item.StreetCode)?.Name;
        return string.Join(" · ", new[] { street, item.Address }.Where(s => !string.IsNullOrEmpty(s)));
    }

    /// <summary>The form's values, as the query names have them; empty means "any".</summary>
    private sealed class FormModel
    {
        public string Q { get; set; } = "";
        public string From { get; set; } = "";
        public string To { get; set; } = "";
        public string DateField { get; set; } = "reported";
        public string Status { get; set; } = "";
        public bool Overdue { get; set; }
        public bool SoonDue { get; set; }
        public string Urgent { get; set; } = "";
        public string Street { get; set; } = "";
        public string Community { get; set; } = "";
        public string Grid { get; set; } = "";
        public string Department { get; set; } = "";
        public string Category { get; set; } = "";
        public string Source { get; set; } = "";
        public string Method { get; set; } = "";
        public string Outcome { get; set; } = "";
        public string Problem { get; set; } = "";
        public string Level { get; set; } = "";
        public string Road { get; set; } = "";
        public string Sort { get; set; } = CaseFilters.SortCode(CaseSort.ReportedDesc);

        public static FormModel Of(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> query)
        {
            string V(string name, string fallback = "") => query.TryGetValue(name, out var v) ? v.ToString() : fallback;
            return new FormModel
            {
                Q = V("q"), From = V("from"), To = V("to"), DateField = V("dateField", "reported"), Status = V("status"),
                Overdue = V("overdue") == "true", SoonDue = V("soonDue") == "true", Urgent = V("urgent"), Street = V("street"),
                Community = V("community"), Grid = V("grid"), Department = V("department"), Category = V("category"),
                Source = V("source"), Method = V("method"), Outcome = V("outcome"), Problem = V("problem"), Level = V("level"), Road = V("road"), Sort = V("sort", CaseFilters.SortCode(CaseSort.ReportedDesc)),
            };
        }

        /// <summary>The list URL of these values; <see cref="CaseFilters.Parse"/> checks them on arrival, as for any link.</summary>
        public string Url()
        {
            var values = new (string Name, string Value)[]
            {
                ("from", From), ("to", To), ("dateField", DateField == "reported" ? "" : DateField), ("status", Status),
                ("overdue", Overdue ? "true" : ""), ("soonDue", SoonDue ? "true" : ""), ("street", Street), ("community", Community),
                ("grid", Grid), ("department", Department), ("category", Category), ("source", Source), ("method", Method),
                ("outcome", Outcome), ("problem", Problem), ("urgent", Urgent),
                ("level", Level), ("road", Road), ("q", Q.Trim()), ("sort", Sort == CaseFilters.SortCode(CaseSort.ReportedDesc) ? "" : Sort),
            };
            var query = string.Join('&', values.Where(v => v.Value.Length > 0).Select(v => $"{v.Name}={Uri.EscapeDataString(v.Value)}"));
            return query.Length == 0 ? "cases" : $"cases?{query}";
        }
    }
}
