using Roundtable.Core.Log;

namespace Roundtable.Server.Rooms;

public static partial class TranscriptRenderer
{
    /// <summary>One line of transcript for a feature's event (plain text), or null to leave it out. One line per feature.</summary>
    private static string? DescribeFeature(StoredEvent stored) =>
        DescribeModeration(stored)
        ?? DescribeAgenda(stored)
        ?? DescribeNotes(stored)
        ?? DescribeSpeakingQueue(stored)
        ?? DescribeQuestions(stored)
        ?? DescribePolls(stored)
        ?? DescribeFeedback(stored)
        ?? DescribeSessionRating(stored)
        ?? DescribeBreakouts(stored)
        ?? null;
}
