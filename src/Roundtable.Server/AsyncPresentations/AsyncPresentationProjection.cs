using System.Globalization;
using System.Text.Json;
using Roundtable.Core.AsyncPresentations;
using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Server.Storage;

namespace Roundtable.Server.AsyncPresentations;

/// <summary>
/// Asynchronous presentations into read models, and the notifications they make: each reviewer hears they were
/// assigned; each presenter hears their feedback is released when the round closes.
/// </summary>
public static class AsyncPresentationProjection
{
    public static bool Apply(RoundtableDb db, StoredEvent stored)
    {
        var at = stored.At.UtcDateTime;
        switch (stored.Event)
        {
            case UploadStored e:
                db.Uploads.Upsert(new UploadRecord
                {
                    Id = e.UploadId, OwnerId = e.OwnerId, CohortId = e.CohortId, FileName = e.FileName, ContentType = e.ContentType,
                    Size = e.Size, Sha256 = e.Sha256, At = at,
                });
                return true;
            case UploadRemoved e:
                return db.Uploads.Delete(e.UploadId);
            case AsyncPresentationSubmitted e:
                db.AsyncPresentations.Upsert(new AsyncPresentationRecord
                {
                    Id = e.PresentationId, CohortId = e.CohortId, PresenterId = e.PresenterId, Title = e.Title, SlidesMarkdown = e.SlidesMarkdown,
                    SlidesHtml = [.. e.SlidesHtml], UploadIds = [.. e.UploadIds], SubmittedAt = at,
                });
                foreach (var id in e.UploadIds)
                {
                    if (db.Uploads.FindById(id) is { } upload)
                    {
                        upload.PresentationId = e.PresentationId;
                        db.Uploads.Update(upload);
                    }
                }
                return true;
            case AsyncReviewOpened e:
                db.AsyncRounds.Upsert(new AsyncRoundRecord
                {
                    Id = e.RoundId, CohortId = e.CohortId, RubricJson = JsonSerializer.Serialize(e.Rubric, EventSerializer.Options),
                    Deadline = e.Deadline.UtcDateTime, Choice = e.Choice, ReviewersPerPresentation = e.ReviewersPerPresentation, Seed = e.Seed,
                    OpenedBy = e.ByUserId, OpenedAt = at, PresentationIds = [.. e.Assignments.Select(a => a.PresentationId)],
                });
                foreach (var assignment in e.Assignments)
                {
                    if (db.AsyncPresentations.FindById(assignment.PresentationId) is not { } presentation)
                    {
                        continue;
                    }
                    presentation.RoundId = e.RoundId;
                    db.AsyncPresentations.Update(presentation);
                    foreach (var reviewerId in assignment.ReviewerIds)
                    {
                        db.AsyncReviews.Upsert(new AsyncReviewRecord
                        {
                            Id = AsyncReviewRecord.KeyOf(presentation.Id, reviewerId), PresentationId = presentation.Id, RoundId = e.RoundId,
                            CohortId = e.CohortId, ReviewerId = reviewerId,
                        });
                        NotificationRecord.Write(db, stored, reviewerId, "async-review-assigned",
                            $"{NameOf(db, e.ByUserId)} asked you to review “{presentation.Title}” by {NameOf(db, presentation.PresenterId)}, by {When(e.Deadline)}.",
                            Link(presentation.Id));
                    }
                }
                return true;
            case AsyncFeedbackGiven e when db.AsyncReviews.FindById(AsyncReviewRecord.KeyOf(e.PresentationId, e.ReviewerId)) is { } review:
                review.Revision = e.Revision;
                review.Scores = new Dictionary<string, int>(e.Scores);
                review.Answers = [.. e.Answers.Select(a => new AsyncAnswerRecord { PromptId = a.PromptId, Markdown = a.Markdown, Html = a.Html })];
                review.GivenAt = at;
                db.AsyncReviews.Update(review);
                return true;
            case AsyncReviewClosed e when db.AsyncRounds.FindById(e.RoundId) is { Closed: false } round:
                round.Closed = true;
                round.ClosedAt = at;
                db.AsyncRounds.Update(round);
                foreach (var presentation in round.PresentationIds.Select(id => db.AsyncPresentations.FindById(id)).OfType<AsyncPresentationRecord>())
                {
                    NotificationRecord.Write(db, stored, presentation.PresenterId, "async-feedback-released",
                        $"Your peers' feedback on “{presentation.Title}” is ready: see it, rate how helpful it was and reflect.", Link(presentation.Id));
                }
                return true;
            case AsyncFeedbackRated e when db.AsyncReviews.FindById(AsyncReviewRecord.KeyOf(e.PresentationId, e.ReviewerId)) is { } rated:
                rated.Helpfulness = e.Helpfulness;
                db.AsyncReviews.Update(rated);
                return true;
            case AsyncReflectionWritten e when db.AsyncPresentations.FindById(e.PresentationId) is { } reflected:
                reflected.ReflectionMarkdown = e.Markdown;
                reflected.ReflectionHtml = e.Html;
                db.AsyncPresentations.Update(reflected);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Files shared as slides on a roundtable's stage are marked as used there (the room's events are on its own stream).</summary>
    public static bool ShownOnStage(RoundtableDb db, string roundtableId, IEnumerable<string> uploadIds)
    {
        var changed = false;
        foreach (var upload in uploadIds.Select(id => db.Uploads.FindById(id)).OfType<UploadRecord>())
        {
            if (upload.ShownIn?.Contains(roundtableId) != true)
            {
                upload.ShownIn = [.. upload.ShownIn ?? [], roundtableId];
                changed |= db.Uploads.Update(upload);
            }
        }
        return changed;
    }

    /// <summary>Where the page opens one presentation.</summary>
    public static string Link(string presentationId) => $"/async-presentations.html?presentation={Uri.EscapeDataString(presentationId)}";

    private static string When(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string NameOf(RoundtableDb db, string userId) => db.Users.FindById(userId)?.DisplayName ?? "Someone";
}
