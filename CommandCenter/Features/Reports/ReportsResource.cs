namespace CommandCenter.Features.Reports;

/// <summary>Marker for the monthly report's strings (Resources/Features/Reports/ReportsResource*.resx).</summary>
public sealed class ReportsResource;
