namespace CommandCenter.Features.Cases;

/// <summary>The case desk's URLs: a list link carries its whole filter, so a link reproduces the list (and a figure opens its cases).</summary>
public static class CaseLinks
{
    public static string List(CaseFilter filter, string? cursor = null)
    {
        var query = filter.ToQueryString();
        if (cursor is not null) query = query.Length == 0 ? $"cursor={cursor}" : $"{query}&cursor={cursor}";
        return query.Length == 0 ? "cases" : $"cases?{query}";
    }

    /// <summary>The export of a list's whole filter (<c>xlsx</c> or <c>csv</c>): the same query names, no page.</summary>
    public static string Export(CaseFilter filter, string format)
    {
        var query = filter.ToQueryString();
        return $"api/v1/cases/export.{format}" + (query.Length == 0 ? "" : "?" + query);
    }

    public static string Case(string caseNo) => $"cases/{Uri.EscapeDataString(caseNo)}";
}
