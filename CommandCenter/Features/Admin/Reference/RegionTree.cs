namespace CommandCenter.Features.Admin.Reference;

/// <summary>Orders the flat region list as the tree district → street → community → grid for display.</summary>
public static class RegionTree
{
    /// <summary>The regions in tree order (each parent followed by its children, by code) with their depth, 0 for a root.</summary>
    public static IReadOnlyList<(RegionAdminRow Region, int Depth)> Order(IEnumerable<RegionAdminRow> regions)
    {
        var all = regions.ToList();
        var ids = all.Select(r => r.Id).ToHashSet();
        var children = all.Where(r => r.ParentId is { } p && ids.Contains(p))
            .GroupBy(r => r.ParentId!.Value)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Code, StringComparer.Ordinal).ToList());
        var result = new List<(RegionAdminRow, int)>(all.Count);
        var stack = new Stack<(RegionAdminRow, int)>();
        // A region whose parent is missing is shown as a root rather than hidden.
        foreach (var root in all.Where(r => r.ParentId is not { } p || !ids.Contains(p)).OrderByDescending(r => r.Code, StringComparer.Ordinal))
            stack.Push((root, 0));
        var seen = new HashSet<long>();
        while (stack.TryPop(out var item))
        {
            if (!seen.Add(item.Item1.Id)) continue;
            result.Add(item);
            if (children.TryGetValue(item.Item1.Id, out var kids))
                for (var i = kids.Count - 1; i >= 0; i--) stack.Push((kids[i], item.Item2 + 1));
        }
        return result;
    }
}
