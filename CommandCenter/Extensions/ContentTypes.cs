namespace CommandCenter.Extensions;

/// <summary>Media types of the files the app hands out.</summary>
public static class ContentTypes
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}
