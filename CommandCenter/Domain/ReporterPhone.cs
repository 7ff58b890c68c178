namespace CommandCenter.Domain;

/// <summary>A citizen's phone number (举报人电话) is personal data: shown masked unless the viewer holds the PII permission.</summary>
public static class ReporterPhone
{
    /// <summary>Keeps the first 3 and last 4 digits: 13812345678 → 138****5678. Short numbers keep only their last 2 digits.</summary>
    public static string Mask(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return "";
        var p = phone.Trim();
        if (p.Length >= 11) return string.Concat(p.AsSpan(0, 3), new string('*', p.Length - 7), p.AsSpan(p.Length - 4));
        if (p.Length > 2) return new string('*', p.Length - 2) + p[^2..];
        return new string('*', p.Length);
    }

    /// <summary>The phone as this viewer may see it.</summary>
    public static string ForViewer(string? phone, bool hasPii) => hasPii ? phone?.Trim() ?? "" : Mask(phone);
}
