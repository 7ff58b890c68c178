namespace CommandCenter.Features.Cases;

/// <summary>Marker for the case desk's strings (Resources/Features/Cases/CasesResource*.resx).</summary>
public sealed class CasesResource;
