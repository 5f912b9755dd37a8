using System.Net;
using System.Net.Http.Json;
using Roundtable.Core.Log;
using Roundtable.Core.Mail;
using Roundtable.Server.Email;
using Roundtable.Server.Storage;
using Roundtable.Testing.Email;

namespace Roundtable.Server.Tests;

/// <summary>The one way to send an email, against a real SMTP server: once per key, only what the person receives, unsubscribe in one click.</summary>
public sealed class EmailTests : IAsyncLifetime
{
    private TestSmtpServer _smtp = null!;
    private RoundtableFactory _server = null!;

    public async Task InitializeAsync()
    {
        _smtp = await TestSmtpServer.StartAsync();
        _server = await new RoundtableFactory(settings: _smtp.Settings("https://roundtable.example.org")).StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private string UserId(string email) => _server.Get<RoundtableDb>().Users.FindOne(u => u.Email == email).Id;

    private static EmailMessage Hello(UserRecord user) => new("A note for you", $"This is for {user.DisplayName}.");

    [Fact]
    public async Task AnEmailIsSentOnceHoweverOftenItIsAskedFor()
    {
        var outbox = _server.Get<MailOutbox>();
        var lena = UserId(RoundtableFactory.LenaEmail);
        var key = $"test:once:{Guid.NewGuid():N}";

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => outbox.SendOnceAsync(key, lena, EmailKinds.MentorRequests, Hello)));

        Assert.Equal(1, outcomes.Count(o => o == MailOutcome.Sent));
        Assert.Equal(4, outcomes.Count(o => o == MailOutcome.AlreadyClaimed));
        var message = await _smtp.WaitForAsync(m => m.Subject == "A note for you", "the note to Lena");
        Assert.Equal(RoundtableFactory.LenaEmail, message.To.Mailboxes.Single().Address);
        Assert.Contains("Hello Lena", message.Body());
        Assert.Contains("This is for Lena", message.Body());
        // The claim and the outcome are on the log.
        var log = _server.Get<IEventLog>();
        var all = await log.ReadAllAsync(0, 100_000);
        var events = all.Where(stored => stored.Event is EmailClaimed claimed && claimed.Key == key || stored.Event is EmailSent sent && sent.Key == key).ToList();
        Assert.Equal(["EmailClaimed", "EmailSent"], events.Select(e => e.Event.TypeName));
        Assert.Single(_smtp.Messages, m => m.Subject == "A note for you");
    }

    [Fact]
    public async Task AnOptionalEmailCarriesAOneClickUnsubscribeThatStopsThatKindOnly()
    {
        var outbox = _server.Get<MailOutbox>();
        var liam = UserId(RoundtableFactory.LiamEmail);
        Assert.Equal(MailOutcome.Sent, await outbox.SendOnceAsync($"test:1:{Guid.NewGuid():N}", liam, EmailKinds.Reminders, _ => new("Reminder one", "Soon.")));
        var first = await _smtp.WaitForAsync(m => m.Subject == "Reminder one", "the first reminder");

        // The page link in the body and the RFC 8058 header both name the same signed token.
        var pageLink = first.LinkStartingWith("https://roundtable.example.org/unsubscribe.html?token=");
        var header = first.Headers["List-Unsubscribe"];
        Assert.StartsWith("<https://roundtable.example.org/api/email/unsubscribe?token=", header);
        Assert.Equal("List-Unsubscribe=One-Click", first.Headers["List-Unsubscribe-Post"]);
        var token = Uri.UnescapeDataString(new Uri(pageLink).Query["?token=".Length..]);

        // A mail client's one-click POST: no sign-in, a form body.
        using var anonymous = _server.CreateClient();
        using var oneClick = await anonymous.PostAsync($"/api/email/unsubscribe?token={Uri.EscapeDataString(token)}",
            new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        var answer = await oneClick.Content.ReadFromJsonAsync<UnsubscribeDto>(Json.Options);
        Assert.Equal((EmailKinds.Reminders, false), (answer!.Kind, answer.Receive));

        Assert.Equal(MailOutcome.OptedOut, await outbox.SendOnceAsync($"test:2:{Guid.NewGuid():N}", liam, EmailKinds.Reminders, _ => new("Reminder two", "Soon.")));
        // Other kinds still go, and so does what the person asked for (a password reset has no unsubscribe).
        Assert.Equal(MailOutcome.Sent, await outbox.SendOnceAsync($"test:3:{Guid.NewGuid():N}", liam, EmailKinds.MentorRequests, _ => new("Mentor news", "A reply.")));
        Assert.Equal(MailOutcome.Sent, await outbox.SendOnceAsync($"test:4:{Guid.NewGuid():N}", liam, EmailKinds.PasswordReset, _ => new("Reset", "A link.")));
        var reset = await _smtp.WaitForAsync(m => m.Subject == "Reset", "the reset email");
        Assert.Null(reset.Headers["List-Unsubscribe"]);
        Assert.DoesNotContain("unsubscribe", reset.Body(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_smtp.Messages, m => m.Subject == "Reminder two");

        // The settings page's view agrees, and the same link undoes it.
        using var liamClient = await _server.ClientAsAsync(RoundtableFactory.LiamEmail);
        var preferences = await liamClient.GetFromJsonAsync<EmailPreferenceDto[]>("/api/me/email-preferences", Json.Options);
        Assert.False(preferences!.Single(p => p.Kind == EmailKinds.Reminders).Receive);
        Assert.True(preferences!.Single(p => p.Kind == EmailKinds.MentorRequests).Receive);
        using var undo = await anonymous.PostAsync($"/api/email/unsubscribe?token={Uri.EscapeDataString(token)}&receive=true", null);
        Assert.Equal(HttpStatusCode.OK, undo.StatusCode);
        Assert.Equal(MailOutcome.Sent, await outbox.SendOnceAsync($"test:5:{Guid.NewGuid():N}", liam, EmailKinds.Reminders, _ => new("Reminder three", "Soon.")));
    }

    [Fact]
    public async Task AForgedOrAlteredUnsubscribeTokenIsRefusedAndChangesNothing()
    {
        using var anonymous = _server.CreateClient();
        using var forged = await anonymous.PostAsync("/api/email/unsubscribe?token=not-a-token", null);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var token = _server.Get<UnsubscribeLinks>().TokenFor(UserId(RoundtableFactory.NoorEmail), EmailKinds.Reminders);
        using var altered = await anonymous.PostAsync($"/api/email/unsubscribe?token={Uri.EscapeDataString(token[..^2] + "AA")}", null);
        Assert.Equal(HttpStatusCode.BadRequest, altered.StatusCode);
        // A token for a kind that is always sent cannot turn it off.
        var mandatory = _server.Get<UnsubscribeLinks>().TokenFor(UserId(RoundtableFactory.NoorEmail), EmailKinds.PasswordReset);
        using var refused = await anonymous.PostAsync($"/api/email/unsubscribe?token={Uri.EscapeDataString(mandatory)}", null);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Null(_server.Get<RoundtableDb>().Users.FindById(UserId(RoundtableFactory.NoorEmail)).EmailOptOuts);
    }

    [Fact]
    public async Task ThePreferencesApiTurnsOptionalKindsOffAndRefusesTheOthers()
    {
        using var noor = await _server.ClientAsAsync(RoundtableFactory.TheoEmail);
        using var off = await noor.PutAsJsonAsync("/api/me/email-preferences", new { kind = EmailKinds.PlanReviewed, receive = false });
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        var after = await off.Content.ReadFromJsonAsync<EmailPreferenceDto[]>(Json.Options);
        Assert.False(after!.Single(p => p.Kind == EmailKinds.PlanReviewed).Receive);

        using var mandatory = await noor.PutAsJsonAsync("/api/me/email-preferences", new { kind = EmailKinds.Invitation, receive = false });
        Assert.Equal(HttpStatusCode.BadRequest, mandatory.StatusCode);
        using var unknown = await noor.PutAsJsonAsync("/api/me/email-preferences", new { kind = "spam", receive = false });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        using var anonymous = _server.CreateClient();
        using var signedOut = await anonymous.GetAsync("/api/me/email-preferences");
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
    }
}

/// <summary>Without a mail server, every email is an .eml file in the data directory's outbox, and the log says so.</summary>
public sealed class EmailOutboxTests
{
    [Fact]
    public async Task WithoutAMailServerEmailsAreWrittenToTheOutboxFolder()
    {
        await using var server = await new RoundtableFactory().StartAsync();
        var lena = server.Get<RoundtableDb>().Users.FindOne(u => u.Email == RoundtableFactory.LenaEmail).Id;

        var outcome = await server.Get<MailOutbox>().SendOnceAsync($"test:outbox:{Guid.NewGuid():N}", lena, EmailKinds.Reminders, _ => new("Kept on disk", "Here."));

        Assert.Equal(MailOutcome.Sent, outcome);
        // Whole, as a mail client reads it.
        var files = Directory.GetFiles(Path.Combine(server.DataDirectory, "outbox"), "*.eml");
        var messages = await Task.WhenAll(files.Select(f => MimeKit.MimeMessage.LoadAsync(f)));
        var message = Assert.Single(messages, m => m.Subject == "Kept on disk");
        Assert.Equal(RoundtableFactory.LenaEmail, message.To.Mailboxes.Single().Address);
    }
}
