namespace CommandCenter;

/// <summary>The marker type of the UI's strings: Resources/SharedResource.resx (English) and SharedResource.zh-CN.resx.</summary>
public sealed class SharedResource;
