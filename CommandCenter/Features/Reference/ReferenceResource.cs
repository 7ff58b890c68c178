namespace CommandCenter.Features.Reference;

/// <summary>
/// Marker for the strings of time-limit units and the holiday calendar on /admin/reference
/// (Resources/Features/Reference/ReferenceResource*.resx).
/// </summary>
public sealed class ReferenceResource;
