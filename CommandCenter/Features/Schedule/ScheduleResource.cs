namespace CommandCenter.Features.Schedule;

/// <summary>Marker for the strings of /schedule (Resources/Features/Schedule/ScheduleResource*.resx).</summary>
public sealed class ScheduleResource;
