using Roundtable.Core.Directory;
using Roundtable.Core.Log;
using Roundtable.Server.Email;
using Roundtable.Server.Projection;
using Roundtable.Server.Storage;

namespace Roundtable.Server.AccessRequests;

/// <summary>
/// Emails about requests to join a cohort: each of its coaches and admins hears of a new one, the person who asked of
/// the answer. Services are resolved on first use: the outbox writes to the log, whose writer waits on the projector
/// that this mailer listens to.
/// </summary>
public sealed class AccessRequestMailer(IServiceProvider services) : IEventMailer
{
    public async Task OnEventAsync(StoredEvent stored, CancellationToken cancellationToken)
    {
        if (stored.Event is not (AccessRequested or AccessRequestAnswered))
        {
            return;
        }
        var db = services.GetRequiredService<RoundtableDb>();
        var outbox = services.GetRequiredService<MailOutbox>();
        switch (stored.Event)
        {
            case AccessRequested e:
                var requester = db.Users.FindById(e.UserId);
                var cohort = db.Cohorts.FindById(e.CohortId)?.Name ?? "a cohort";
                foreach (var reviewer in AccessRequestProjection.ReviewersOf(db, e.CohortId))
                {
                    await outbox.SendOnceAsync($"access-request:{e.RequestId}:{reviewer}", reviewer, EmailKinds.AccessRequests, _ => new EmailMessage(
                        $"{requester?.DisplayName ?? "Someone"} asks to join {cohort}",
                        $"""
                        {requester?.DisplayName ?? "Someone"} ({requester?.Email}) asks to join {cohort}.
                        {(e.Message.Length > 0 ? $"\nTheir message:\n\n{e.Message}\n" : "")}
                        Approve or decline: {outbox.Link(AccessRequestProjection.RequestsPage)}
                        """), cancellationToken);
                }
                break;
            case AccessRequestAnswered e when db.AccessRequests.FindById(e.RequestId) is { } request:
                var name = db.Cohorts.FindById(request.CohortId)?.Name ?? "the cohort";
                var by = db.Users.FindById(e.AnsweredBy)?.DisplayName ?? "The cohort's coach";
                await outbox.SendOnceAsync($"access-answer:{e.RequestId}", request.UserId, EmailKinds.AccessRequests, _ => e.Approved
                    ? new EmailMessage($"Welcome to {name}", $"{by} approved your request: you are now a learner of {name}. Its roundtables are on your home page: {outbox.Link("/")}")
                    : new EmailMessage($"Your request to join {name}",
                        $"{by} declined your request to join {name}.{(string.IsNullOrEmpty(e.Reason) ? "" : $"\n\nTheir reason: {e.Reason}")}"), cancellationToken);
                break;
        }
    }
}

public static class AccessRequestsSetup
{
    public static WebApplicationBuilder AddAccessRequests(this WebApplicationBuilder builder)
    {
        builder.Services.AddEventMailer<AccessRequestMailer>();
        return builder;
    }
}
