namespace Roundtable.Server.AccessRequests;

/// <summary>A program that lets signed-in people ask to join its cohorts (read model; absent: it does not).</summary>
public sealed class ProgramAccessRecord
{
    /// <summary>The program's id.</summary>
    public string Id { get; set; } = "";
    public bool Accepting { get; set; }
}

public enum AccessRequestStatus
{
    Pending,
    Approved,
    Declined,
}

/// <summary>One person's request to join one cohort, and its answer.</summary>
public sealed class AccessRequestRecord
{
    public string Id { get; set; } = "";
    public string CohortId { get; set; } = "";
    public string UserId { get; set; } = "";
    public string Message { get; set; } = "";
    public AccessRequestStatus Status { get; set; }
    public DateTime RequestedAt { get; set; }
    public string? AnsweredBy { get; set; }
    public DateTime? AnsweredAt { get; set; }
    public string? Reason { get; set; }
}
