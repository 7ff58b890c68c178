namespace CommandCenter.Security;

/// <summary>
/// Where a user may be sent back to after signing in or switching language: a path on this site, never another site.
/// Anything else (absolute URLs, <c>//host</c>, <c>/\host</c>, control characters that browsers strip) becomes <c>/</c>.
/// </summary>
public static class LocalReturnUrl
{
    public static string OrRoot(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) && !returnUrl.Any(char.IsControl) ? returnUrl : "/";
}
