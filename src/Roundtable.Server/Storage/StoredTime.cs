namespace Roundtable.Server.Storage;

/// <summary>Times in read models are UTC (the log's append time); this gives them back as the API's DateTimeOffset.</summary>
public static class StoredTime
{
    public static DateTimeOffset AsUtc(this DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
