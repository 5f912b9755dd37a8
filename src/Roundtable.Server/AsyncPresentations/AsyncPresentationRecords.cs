using System.Text.Json;
using Roundtable.Core.AsyncPresentations;
using Roundtable.Core.Events;
using Roundtable.Core.Feedback;

namespace Roundtable.Server.AsyncPresentations;

/// <summary>An uploaded file as recorded. Id: the upload's (also its file name on disk).</summary>
public sealed class UploadRecord
{
    public string Id { get; set; } = "";
    public string OwnerId { get; set; } = "";
    public string CohortId { get; set; } = "";
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";
    public DateTime At { get; set; }
    /// <summary>The presentation it is part of, once submitted.</summary>
    public string? PresentationId { get; set; }
    /// <summary>The roundtables whose stage showed it as slides (null: none); a file once used is never cleaned up as unused.</summary>
    public List<string>? ShownIn { get; set; }
}

/// <summary>A submitted presentation. Id: the presentation's.</summary>
public sealed class AsyncPresentationRecord
{
    public string Id { get; set; } = "";
    public string CohortId { get; set; } = "";
    public string PresenterId { get; set; } = "";
    public string Title { get; set; } = "";
    public string SlidesMarkdown { get; set; } = "";
    public List<string> SlidesHtml { get; set; } = [];
    public List<string> UploadIds { get; set; } = [];
    public DateTime SubmittedAt { get; set; }
    public string? RoundId { get; set; }
    public string? ReflectionMarkdown { get; set; }
    public string? ReflectionHtml { get; set; }
}

/// <summary>A feedback round. Id: the round's.</summary>
public sealed class AsyncRoundRecord
{
    public string Id { get; set; } = "";
    public string CohortId { get; set; } = "";
    public string RubricJson { get; set; } = "";
    public DateTime Deadline { get; set; }
    public ReviewerChoice Choice { get; set; }
    public int? ReviewersPerPresentation { get; set; }
    public int Seed { get; set; }
    public string OpenedBy { get; set; } = "";
    public DateTime OpenedAt { get; set; }
    public bool Closed { get; set; }
    public DateTime? ClosedAt { get; set; }
    public List<string> PresentationIds { get; set; } = [];

    public Rubric Rubric() => JsonSerializer.Deserialize<Rubric>(RubricJson, EventSerializer.Options)!;

    public bool IsClosedAt(DateTimeOffset now) => Closed || now >= new DateTimeOffset(DateTime.SpecifyKind(Deadline, DateTimeKind.Utc));
}

/// <summary>One reviewer's feedback on one presentation (Revision 0: assigned, not given yet). Id: "{PresentationId}:{ReviewerId}".</summary>
public sealed class AsyncReviewRecord
{
    public string Id { get; set; } = "";
    public string PresentationId { get; set; } = "";
    public string RoundId { get; set; } = "";
    public string CohortId { get; set; } = "";
    public string ReviewerId { get; set; } = "";
    public int Revision { get; set; }
    public Dictionary<string, int> Scores { get; set; } = [];
    public List<AsyncAnswerRecord> Answers { get; set; } = [];
    public int? Helpfulness { get; set; }
    public DateTime? GivenAt { get; set; }

    public static string KeyOf(string presentationId, string reviewerId) => $"{presentationId}:{reviewerId}";
}

public sealed class AsyncAnswerRecord
{
    public string PromptId { get; set; } = "";
    public string Markdown { get; set; } = "";
    public string Html { get; set; } = "";
}
