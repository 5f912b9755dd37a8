namespace Roundtable.Core.Dashboard;

/// <summary>
/// One peer's live feedback on one presentation, and how helpful the presenter rated it (null: not rated). Revisions of
/// the same feedback count once.
/// </summary>
public sealed record LiveFeedbackLink(string RoundtableId, string CohortId, string RoundtableTitle, string PresenterId, string GiverId, int? Helpfulness);

public sealed partial class ProgramActivity
{
    /// <summary>The live peer feedback given on <paramref name="userId"/>'s presentations, or by them on others'.</summary>
    public IReadOnlyList<LiveFeedbackLink> LiveFeedbackLinksOf(string userId)
    {
        var links = new Dictionary<(string, string, string), LiveFeedbackLink>();
        foreach (var session in _sessions.Values)
        {
            foreach (var presentation in session.Presentations.Values)
            {
                foreach (var (submissionId, giverId) in presentation.Givers)
                {
                    if (giverId == presentation.PresenterUserId || (giverId != userId && presentation.PresenterUserId != userId))
                    {
                        continue;
                    }
                    var key = (presentation.Id, presentation.PresenterUserId, giverId);
                    int? rated = presentation.Helpfulness.TryGetValue(submissionId, out var h) ? h : null;
                    var best = links.TryGetValue(key, out var before) ? Math.Max(before.Helpfulness ?? 0, rated ?? 0) : rated ?? 0;
                    links[key] = new LiveFeedbackLink(
                        session.Id, session.CohortId, session.Title, presentation.PresenterUserId, giverId, best > 0 ? best : null);
                }
            }
        }
        return [.. links.Values];
    }
}
