using Roundtable.Core.Events;
using Roundtable.Core.Feedback;
using Roundtable.Core.Rooms;

namespace Roundtable.Core.AsyncPresentations;

public sealed record UploadInfo(string UploadId, string OwnerId, string FileName, string ContentType, long Size);

public sealed class AsyncPresentation(AsyncPresentationSubmitted submitted)
{
    public string Id { get; } = submitted.PresentationId;
    public string PresenterId { get; } = submitted.PresenterId;
    public string Title { get; } = submitted.Title;
    public IReadOnlyList<string> UploadIds { get; } = submitted.UploadIds;
    public string? RoundId { get; set; }
    /// <summary>Each reviewer's latest feedback, by reviewer id.</summary>
    public Dictionary<string, AsyncReview> Reviews { get; } = new(StringComparer.Ordinal);
    public string? ReflectionMarkdown { get; set; }
}

public sealed class AsyncReview(string reviewerId)
{
    public string ReviewerId { get; } = reviewerId;
    public int Revision { get; set; }
    public IReadOnlyDictionary<string, int> Scores { get; set; } = new Dictionary<string, int>();
    public IReadOnlyList<FeedbackAnswer> Answers { get; set; } = [];
    public int? Helpfulness { get; set; }
}

public sealed class AsyncRound(AsyncReviewOpened opened)
{
    public string Id { get; } = opened.RoundId;
    public Rubric Rubric { get; } = opened.Rubric;
    public DateTimeOffset Deadline { get; } = opened.Deadline;
    public bool Closed { get; set; }
    public Dictionary<string, IReadOnlyList<string>> Reviewers { get; } =
        opened.Assignments.ToDictionary(a => a.PresentationId, a => a.ReviewerIds, StringComparer.Ordinal);

    /// <summary>Closed by a coach or past its deadline (the closing event may not be in the log yet).</summary>
    public bool IsClosedAt(DateTimeOffset now) => Closed || now >= Deadline;
}

/// <summary>Why a request was refused, in the kind of answer it gets and in words (with the field it is about).</summary>
public enum AsyncRefusalKind
{
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
}

public sealed record AsyncRefusal(AsyncRefusalKind Kind, string Field, string Message);

/// <summary>What a decision came to: the events to append (none: nothing to do) or a refusal.</summary>
public sealed record AsyncDecision(IReadOnlyList<DomainEvent> Events, AsyncRefusal? Refusal)
{
    public static AsyncDecision Append(params DomainEvent[] events) => new(events, null);

    public static readonly AsyncDecision Nothing = new([], null);

    public static AsyncDecision Refuse(AsyncRefusalKind kind, string field, string message) => new([], new AsyncRefusal(kind, field, message));

    public static implicit operator AsyncDecision(AsyncRefusal refusal) => new([], refusal);
}

/// <summary>Who is asking, as the cohort knows them (the server reads it from the directory).</summary>
public sealed record AsyncCaller(string UserId, bool IsLearner, bool IsStaff);

/// <summary>
/// The fold of one cohort's asynchronous-presentations stream and every decision taken against it. Deadlines are
/// judged at the server's time of the decision, never the browser's.
/// </summary>
public sealed class AsyncCohortState
{
    public Dictionary<string, UploadInfo> Uploads { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, AsyncPresentation> Presentations { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, AsyncRound> Rounds { get; } = new(StringComparer.Ordinal);

    public void Apply(DomainEvent e)
    {
        switch (e)
        {
            case UploadStored u:
                Uploads[u.UploadId] = new UploadInfo(u.UploadId, u.OwnerId, u.FileName, u.ContentType, u.Size);
                break;
            case UploadRemoved r:
                Uploads.Remove(r.UploadId);
                break;
            case AsyncPresentationSubmitted s:
                Presentations[s.PresentationId] = new AsyncPresentation(s);
                break;
            case AsyncReviewOpened o:
                Rounds[o.RoundId] = new AsyncRound(o);
                foreach (var a in o.Assignments)
                {
                    if (Presentations.TryGetValue(a.PresentationId, out var p))
                    {
                        p.RoundId = o.RoundId;
                    }
                }
                break;
            case AsyncFeedbackGiven f when Presentations.TryGetValue(f.PresentationId, out var p):
                if (!p.Reviews.TryGetValue(f.ReviewerId, out var review))
                {
                    p.Reviews[f.ReviewerId] = review = new AsyncReview(f.ReviewerId);
                }
                review.Revision = f.Revision;
                review.Scores = f.Scores;
                review.Answers = f.Answers;
                break;
            case AsyncReviewClosed c when Rounds.TryGetValue(c.RoundId, out var round):
                round.Closed = true;
                break;
            case AsyncFeedbackRated r when Presentations.TryGetValue(r.PresentationId, out var p) && p.Reviews.TryGetValue(r.ReviewerId, out var rated):
                rated.Helpfulness = r.Helpfulness;
                break;
            case AsyncReflectionWritten w when Presentations.TryGetValue(w.PresentationId, out var p):
                p.ReflectionMarkdown = w.Markdown;
                break;
        }
    }

    /// <summary>The peers' aggregate of one presentation: the same tally the live room keeps, fed each reviewer's latest scores.</summary>
    public static FeedbackAggregate Aggregate(Rubric rubric, IEnumerable<IReadOnlyDictionary<string, int>> latestScores)
    {
        var tally = new FeedbackTally(rubric);
        foreach (var scores in latestScores)
        {
            tally.Add(scores);
        }
        return tally.ToAggregate();
    }

    public AsyncDecision Submit(AsyncCaller caller, AsyncPresentationSubmitted submitted)
    {
        if (!caller.IsLearner)
        {
            return AsyncDecision.Refuse(AsyncRefusalKind.Forbidden, "", "Presentations are submitted by the cohort's learners.");
        }
        if (Presentations.ContainsKey(submitted.PresentationId))
        {
            return AsyncDecision.Nothing;
        }
        foreach (var id in submitted.UploadIds)
        {
            if (!Uploads.TryGetValue(id, out var upload) || upload.OwnerId != caller.UserId)
            {
                return AsyncDecision.Refuse(AsyncRefusalKind.Invalid, "uploadIds", "Attach only files you uploaded to this cohort.");
            }
        }
        return AsyncDecision.Append(submitted);
    }

    /// <summary>
    /// Removes an upload (<paramref name="byUserId"/> null: the server's clean-up), unless a submitted presentation holds
    /// it. Who may remove it is checked by the caller; one already removed (by another node, or a second click) is left
    /// as it is.
    /// </summary>
    public AsyncDecision RemoveUpload(string uploadId, string? byUserId)
    {
        if (!Uploads.ContainsKey(uploadId))
        {
            return AsyncDecision.Nothing;
        }
        if (PresentationHolding(uploadId) is { } presentation)
        {
            return AsyncDecision.Refuse(AsyncRefusalKind.Conflict, "", presentation.PresenterId == byUserId
                ? $"This file is part of your submitted presentation “{presentation.Title}”, so it stays."
                : $"This file is part of the submitted presentation “{presentation.Title}”, so it stays.");
        }
        return AsyncDecision.Append(new UploadRemoved(uploadId, byUserId));
    }

    /// <summary>The submitted presentation the upload is part of, if any.</summary>
    public AsyncPresentation? PresentationHolding(string uploadId) =>
        Presentations.Values.FirstOrDefault(p => p.UploadIds.Contains(uploadId, StringComparer.Ordinal));

    /// <summary>Opens a round on the given presentations (none given: every one not yet in a round).</summary>
    public AsyncDecision Open(
        AsyncCaller caller, string cohortId, string roundId, Rubric rubric, DateTimeOffset deadline, ReviewerChoice choice, int? k, int seed,
        IReadOnlyList<string>? presentationIds, IReadOnlyCollection<string> learnerIds, DateTimeOffset now)
    {
        if (!caller.IsStaff)
        {
            return AsyncDecision.Refuse(AsyncRefusalKind.Forbidden, "", "Only the cohort's coaches and admins open feedback.");
        }
        if (Rounds.ContainsKey(roundId))
        {
            return AsyncDecision.Nothing;
        }
        if (deadline <= now || deadline > now + AsyncPresentationLimits.MaxDeadlineAhead)
        {
            return AsyncDecision.Refuse(AsyncRefusalKind.Invalid, "deadline", "Give a deadline in the future, within a year.");
        }
        if (rubric.Criteria.Count == 0)
        {
            return AsyncDecision.Refuse(AsyncRefusalKind.Invalid, "rubricId", "That rubric has no criteria to rate.");
        }
        List<AsyncPresentation> chosen;
        if (presentationIds is { Count: > 0 })
        {
            chosen = [];
            foreach (var id in presentationIds.Distinct(StringComparer.Ordinal))
            {
                if (!Presentations.TryGetValue(id, out var p))
                {
                    return AsyncDecision.Refuse(AsyncRefusalKind.Invalid, "presentationIds", "Choose among this cohort's presentations.");
                }
                if (p.RoundId is not null)
                {
                    return AsyncDecision.Refuse(AsyncRefusalKind.Conflict, "presentationIds", $"Feedback on “{p.Title}” has already been opened.");
                }
                chosen.Add(p);
            }
        }
        else
        {
            chosen = [.. Presentations.Values.Where(p => p.RoundId is null)];
        }
        if (chosen.Count == 0)
        {
            return AsyncDecision.Refuse(AsyncRefusalKind.Invalid, "presentationIds", "There is no presentation waiting for feedback.");
        }
        var reviewersAvailable = learnerIds.Count - 1;
        if (choice == ReviewerChoice.RandomPeers && (k is not { } perPresentation || perPresentation < 1 || perPresentation > Math.Max(1, reviewersAvailable)))
        {
            return AsyncDecision.Refuse(AsyncRefusalKind.Invalid, "reviewersPerPresentation",
                $"Give from 1 to {Math.Max(1, reviewersAvailable)} reviewers per presentation.");
        }
        if (!Enum.IsDefined(choice))
        {
            return AsyncDecision.Refuse(AsyncRefusalKind.Invalid, "choice", "Choose all peers or a number of random peers.");
        }
        var assignments = ReviewerDraw.Assign([.. chosen.Select(p => (p.Id, p.PresenterId))], learnerIds, choice, k ?? 0, seed);
        if (assignments.All(a => a.ReviewerIds.Count == 0))
        {
            return AsyncDecision.Refuse(AsyncRefusalKind.Invalid, "choice", "The cohort has no other learners to review these presentations.");
        }
        return AsyncDecision.Append(new AsyncReviewOpened(
            roundId, cohortId, rubric, deadline, choice, choice == ReviewerChoice.RandomPeers ? k : null, seed, assignments, caller.UserId));
    }

    /// <summary>The presentation and its round, or the refusal for an unknown one (a presentation not yet in a round has no feedback).</summary>
    private (AsyncPresentation? Presentation, AsyncRound? Round) Find(string presentationId) =>
        Presentations.TryGetValue(presentationId, out var p) ? (p, p.RoundId is { } r ? Rounds.GetValueOrDefault(r) : null) : (null, null);

    public AsyncDecision GiveFeedback(
        AsyncCaller caller, string presentationId, IReadOnlyDictionary<string, int>? scores, IReadOnlyDictionary<string, string>? answers,
        Func<string, string> render, DateTimeOffset now)
    {
        var (presentation, round) = Find(presentationId);
        if (presentation is null)
        {
            return AsyncDecision.Refuse(AsyncRefusalKind.NotFound, "", "There is no such presentation.");
        }
        if (round is null)
        {
            return AsyncDecision.Refuse(AsyncRefusalKind.Conflict, "", "Feedback on this presentation has not been opened yet.");
        }
        if (!round.Reviewers.TryGetValue(presentationId, out var reviewers) || !reviewers.Contains(caller.UserId))
        {
            return AsyncDecision.Refuse(AsyncRefusalKind.Forbidden, "", presentation.PresenterId == caller.UserId
                ? "You cannot review your own presentation."
                : "You are not one of this presentation's reviewers.");
        }
        if (round.IsClosedAt(now))
        {
            return AsyncDecision.Refuse(AsyncRefusalKind.Conflict, "", "The deadline for this feedback has passed; nothing was saved.");
        }
        var feedback = FeedbackRules.Check(round.Rubric, scores, answers, render);
        if (!feedback.IsValid)
        {
            return AsyncDecision.Refuse(AsyncRefusalKind.Invalid, feedback.TooLarge ? "answers" : "scores", feedback.Refusal!);
        }
        var earlier = presentation.Reviews.GetValueOrDefault(caller.UserId);
        if (earlier is not null && FeedbackRules.Same(earlier.Scores, earlier.Answers, feedback.Scores!, feedback.Answers!))
        {
            return AsyncDecision.Nothing;
        }
        return AsyncDecision.Append(new AsyncFeedbackGiven(round.Id, presentationId, caller.UserId, (earlier?.Revision ?? 0) + 1, feedback.Scores!, feedback.Answers!));
    }

    /// <summary>Closes the round now (a coach), or records that its deadline passed (anyone; <paramref name="byUserId"/> null).</summary>
    public AsyncDecision Close(AsyncCaller? caller, string roundId, DateTimeOffset now)
    {
        if (!Rounds.TryGetValue(roundId, out var round))
        {
            return AsyncDecision.Refuse(AsyncRefusalKind.NotFound, "", "There is no such feedback round.");
        }
        if (caller is { IsStaff: false })
        {
            return AsyncDecision.Refuse(AsyncRefusalKind.Forbidden, "", "Only the cohort's coaches and admins close feedback.");
        }
        if (round.Closed)
        {
            return AsyncDecision.Nothing;
        }
        if (caller is null && now < round.Deadline)
        {
            return AsyncDecision.Nothing;
        }
        return AsyncDecision.Append(new AsyncReviewClosed(roundId, now >= round.Deadline ? null : caller!.UserId));
    }

    public AsyncDecision Rate(AsyncCaller caller, string presentationId, string reviewerId, int helpfulness, DateTimeOffset now)
    {
        if (PresenterOnly(caller, presentationId, now, out var presentation) is { } refused)
        {
            return refused;
        }
        if (!presentation!.Reviews.TryGetValue(reviewerId, out var review))
        {
            return AsyncDecision.Refuse(AsyncRefusalKind.NotFound, "reviewerId", "There is no such feedback on this presentation.");
        }
        if (helpfulness < 1 || helpfulness > FeedbackLimits.MaxHelpfulness)
        {
            return AsyncDecision.Refuse(AsyncRefusalKind.Invalid, "helpfulness", $"Rate helpfulness from 1 to {FeedbackLimits.MaxHelpfulness}.");
        }
        return review.Helpfulness == helpfulness
            ? AsyncDecision.Nothing
            : AsyncDecision.Append([.. CloseIfDue(presentation, now), new AsyncFeedbackRated(presentationId, reviewerId, helpfulness)]);
    }

    public AsyncDecision Reflect(AsyncCaller caller, string presentationId, string? markdown, Func<string, string> render, DateTimeOffset now)
    {
        if (PresenterOnly(caller, presentationId, now, out var presentation) is { } refused)
        {
            return refused;
        }
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return AsyncDecision.Refuse(AsyncRefusalKind.Invalid, "markdown", "The reflection is empty.");
        }
        var bytes = System.Text.Encoding.UTF8.GetByteCount(markdown);
        if (bytes > FeedbackLimits.MaxReflectionBytes)
        {
            return AsyncDecision.Refuse(AsyncRefusalKind.Invalid, "markdown",
                $"The reflection is {bytes / 1024.0:0.#} KB; the limit is {FeedbackLimits.MaxReflectionBytes / 1024} KB. Nothing was saved.");
        }
        return presentation!.ReflectionMarkdown == markdown
            ? AsyncDecision.Nothing
            : AsyncDecision.Append([.. CloseIfDue(presentation, now), new AsyncReflectionWritten(presentationId, markdown, render(markdown))]);
    }

    /// <summary>Only the presenter, and only once their feedback is released (the round closed or past its deadline).</summary>
    private AsyncRefusal? PresenterOnly(AsyncCaller caller, string presentationId, DateTimeOffset now, out AsyncPresentation? presentation)
    {
        var (p, round) = Find(presentationId);
        presentation = p;
        if (p is null)
        {
            return new AsyncRefusal(AsyncRefusalKind.NotFound, "", "There is no such presentation.");
        }
        if (p.PresenterId != caller.UserId)
        {
            return new AsyncRefusal(AsyncRefusalKind.Forbidden, "", "Only the presenter rates their feedback and writes their reflection.");
        }
        if (round is null || !round.IsClosedAt(now))
        {
            return new AsyncRefusal(AsyncRefusalKind.Conflict, "", "Your feedback is not released yet: it is, once the deadline passes or the coach closes it.");
        }
        return null;
    }

    /// <summary>The closing event a round past its deadline still lacks, so the presenter's notice comes with their first action at the latest.</summary>
    private IEnumerable<DomainEvent> CloseIfDue(AsyncPresentation presentation, DateTimeOffset now) =>
        presentation.RoundId is { } id && Rounds[id] is { Closed: false } round && now >= round.Deadline
            ? [new AsyncReviewClosed(id, null)]
            : [];
}
