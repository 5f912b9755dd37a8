using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Roundtable.Server.Discussions;
using Roundtable.Server.Email;
using Roundtable.Testing.Email;

namespace Roundtable.Server.Tests.Discussions;

/// <summary>
/// Mentions and replies in followed threads, emailed at a real SMTP server: once per mention, replies at most once per
/// thread and person per quiet period (gathering what came since), never to the author, only to those who receive
/// that kind and may read the thread. Emails are sent one event after another in log order, so once an email asked
/// for by a later event has arrived, any email an earlier event asked for would have arrived too.
/// </summary>
public sealed class DiscussionEmailTests : IAsyncLifetime
{
    private const string PublicUrl = "https://roundtable.example.org";
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private TestSmtpServer _smtp = null!;
    private RoundtableFactory _server = null!;

    public async Task InitializeAsync()
    {
        _smtp = await TestSmtpServer.StartAsync();
        _server = await new RoundtableFactory(settings: _smtp.Settings(PublicUrl), time: _clock).StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private static string KindOf(MimeMessage message) => message.Headers["X-Roundtable-Kind"] ?? "";

    private static bool IsTo(MimeMessage message, string email) => message.To.Mailboxes.Any(a => a.Address == email);

    private async Task<ThreadDetailDto> PostAsync(string email, string path, object body, HttpMethod? method = null)
    {
        using var client = await _server.ClientAsAsync(email);
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        return await DiscussionScene.Ok(await client.SendAsync(request));
    }

    private Task<ThreadDetailDto> ReplyAsync(string email, string threadId, string markdown) =>
        PostAsync(email, $"/api/discussions/{threadId}/replies", new { markdown });

    private Task<ThreadDetailDto> FollowAsync(string email, string threadId) =>
        PostAsync(email, $"/api/discussions/{threadId}/following", new { value = true }, HttpMethod.Put);

    /// <summary>Cy mentions the person in a thread of their own; waits for that email, after which every earlier one has been sent.</summary>
    private async Task SentinelAsync(DiscussionScene scene, string email, string name)
    {
        var title = $"Sentinel {Guid.NewGuid():N}";
        await scene.StartAsync(_server, title, $"Over to you, @{name} {scene.Token}", scene.CyEmail);
        await _smtp.WaitForAsync(m => IsTo(m, email) && (m.Subject ?? "").Contains(title, StringComparison.Ordinal), $"the sentinel mention to {name}");
    }

    [Fact]
    public async Task AMentionEmailsTheMentionedPersonOnceAsPlainTextWithTheThreadsTitleLinkAndUnsubscribe()
    {
        var scene = await DiscussionScene.CreateAsync(_server);
        var thread = await scene.StartAsync(_server, $"Week one {scene.Token}");
        // Bo follows too, and a mentioned follower is told once, of the mention.
        await FollowAsync(scene.BoEmail, thread.Id);
        await ReplyAsync(scene.AnaEmail, thread.Id, $"Thanks @Bo {scene.Token}, a **bold** idea.\n\n- first\n- <b>second</b>");

        var email = await _smtp.WaitForAsync(m => IsTo(m, scene.BoEmail), "Bo's mention");
        Assert.Equal(EmailKinds.DiscussionMentions, KindOf(email));
        Assert.Equal($"Ana Lima {scene.Token} mentioned you in “Week one {scene.Token}”.", email.Subject);
        var body = email.Body();
        Assert.Null(email.HtmlBody);
        Assert.Contains($"> Thanks @Bo {scene.Token}, a bold idea.", body);
        Assert.Contains("> - first", body);
        // What was typed as HTML is shown as the text it was; no markup the renderer made reaches the email.
        Assert.Contains("> - <b>second</b>", body);
        Assert.DoesNotContain("<strong>", body);
        Assert.DoesNotContain("<p>", body);
        Assert.Contains($"{PublicUrl}/discussions.html?thread={thread.Id}", body);
        Assert.StartsWith($"{PublicUrl}/unsubscribe.html?token=", email.LinkStartingWith($"{PublicUrl}/unsubscribe.html?token="));

        await SentinelAsync(scene, scene.BoEmail, "Bo");
        Assert.Equal(2, _smtp.To(scene.BoEmail).Count);
        // Ana wrote the reply: nothing about it comes to her.
        Assert.Empty(_smtp.To(scene.AnaEmail));
    }

    [Fact]
    public async Task AReplyEmailsTheFollowersButNotItsAuthorAndABurstIsOneEmailUntilTheQuietPeriodEnds()
    {
        var scene = await DiscussionScene.CreateAsync(_server);
        var title = $"Practice log {scene.Token}";
        var thread = await scene.StartAsync(_server, title);
        await FollowAsync(scene.BoEmail, thread.Id);

        await ReplyAsync(scene.CyEmail, thread.Id, "First thought");
        var toAna = await _smtp.WaitForAsync(m => IsTo(m, scene.AnaEmail), "the reply's email to Ana, who started the thread");
        var toBo = await _smtp.WaitForAsync(m => IsTo(m, scene.BoEmail), "the reply's email to Bo, who follows it");
        foreach (var email in new[] { toAna, toBo })
        {
            Assert.Equal(EmailKinds.DiscussionReplies, KindOf(email));
            Assert.Equal($"Cy {scene.Token} replied in “{title}”.", email.Subject);
            Assert.Contains("> First thought", email.Body());
        }

        // The rest of the burst: told in the app, not by email.
        _clock.Advance(TimeSpan.FromSeconds(1));
        await ReplyAsync(scene.CyEmail, thread.Id, "Second thought");
        await ReplyAsync(scene.BoEmail, thread.Id, "Bo's answer");
        await SentinelAsync(scene, scene.AnaEmail, "Ana Lima");
        Assert.Single(_smtp.To(scene.AnaEmail), m => KindOf(m) == EmailKinds.DiscussionReplies);
        Assert.Single(_smtp.To(scene.BoEmail), m => KindOf(m) == EmailKinds.DiscussionReplies);
        // Cy follows by replying, so Bo's answer is the first reply Cy hears of.
        Assert.Equal($"Bo {scene.Token} replied in “{title}”.", Assert.Single(_smtp.To(scene.CyEmail)).Subject);

        // Once the thread has been quiet that long, what was held back goes, gathered, without waiting for another reply:
        // to each reader only the replies by others, and nothing told twice.
        _clock.Advance(TimeSpan.FromMinutes(11));
        var gathered = await _smtp.WaitForAsync(m => IsTo(m, scene.AnaEmail) && (m.Subject ?? "").StartsWith("2 new replies", StringComparison.Ordinal), "Ana's gathered replies");
        Assert.Equal($"2 new replies in “{title}”.", gathered.Subject);
        var body = gathered.Body();
        Assert.True(body.IndexOf("> Second thought", StringComparison.Ordinal) < body.IndexOf("> Bo's answer", StringComparison.Ordinal), body);
        Assert.DoesNotContain("First thought", body);
        var toBoAgain = await _smtp.WaitForAsync(m => IsTo(m, scene.BoEmail) && m.Body().Contains("> Second thought", StringComparison.Ordinal), "Bo's held-back reply");
        Assert.Equal($"Cy {scene.Token} replied in “{title}”.", toBoAgain.Subject);
        Assert.DoesNotContain("Bo's answer", toBoAgain.Body());

        // A reply right after that gathering is itself held back until the thread is quiet again, then told alone.
        await ReplyAsync(scene.CyEmail, thread.Id, "Third thought");
        await SentinelAsync(scene, scene.AnaEmail, "Ana Lima");
        Assert.Equal(2, _smtp.To(scene.AnaEmail).Count(m => KindOf(m) == EmailKinds.DiscussionReplies));
        _clock.Advance(TimeSpan.FromMinutes(11));
        var third = await _smtp.WaitForAsync(m => IsTo(m, scene.AnaEmail) && m.Body().Contains("> Third thought", StringComparison.Ordinal), "Ana's third reply");
        Assert.Equal($"Cy {scene.Token} replied in “{title}”.", third.Subject);
        Assert.DoesNotContain("Second thought", third.Body());
        Assert.Equal(3, _smtp.To(scene.AnaEmail).Count(m => KindOf(m) == EmailKinds.DiscussionReplies));
    }

    [Fact]
    public async Task WhoeverTurnedAKindOffGetsNoneOfIt()
    {
        var scene = await DiscussionScene.CreateAsync(_server);
        foreach (var (email, kind) in new[] { (scene.BoEmail, EmailKinds.DiscussionReplies), (scene.NiaEmail, EmailKinds.DiscussionMentions) })
        {
            using var client = await _server.ClientAsAsync(email);
            using var off = await client.PutAsJsonAsync("/api/me/email-preferences", new { kind, receive = false });
            Assert.True(off.IsSuccessStatusCode, await off.Content.ReadAsStringAsync());
        }
        using (var bo = await _server.ClientAsAsync(scene.BoEmail))
        {
            var kinds = await bo.GetFromJsonAsync<EmailPreferenceDto[]>("/api/me/email-preferences", Json.Options);
            Assert.Contains(kinds!, k => k.Kind == EmailKinds.DiscussionReplies && k.Optional && !k.Receive);
            Assert.Contains(kinds!, k => k.Kind == EmailKinds.DiscussionMentions && k.Optional && k.Receive);
        }
        var thread = await scene.StartAsync(_server, $"Quiet please {scene.Token}");
        await FollowAsync(scene.BoEmail, thread.Id);
        await ReplyAsync(scene.CyEmail, thread.Id, $"A reply for the followers, and a word for @Nia {scene.Token}");
        await _smtp.WaitForAsync(m => IsTo(m, scene.AnaEmail) && KindOf(m) == EmailKinds.DiscussionReplies, "the reply's email to Ana");

        await SentinelAsync(scene, scene.BoEmail, "Bo");
        Assert.DoesNotContain(_smtp.To(scene.BoEmail), m => KindOf(m) == EmailKinds.DiscussionReplies);
        Assert.Empty(_smtp.To(scene.NiaEmail));
    }

    [Fact]
    public async Task ACircleThreadEmailsOnlyThoseWhoMayReadIt()
    {
        var scene = await DiscussionScene.CreateAsync(_server);
        var (circleId, _, eveEmail) = await scene.PublishCircleAsync(_server);
        var title = $"Our circle {scene.Token}";
        // Bo and Nia are in the cohort but not in the circle: their names stay text, and they hear nothing.
        var thread = await PostAsync(scene.AnaEmail, $"/api/cohorts/{scene.CohortId}/discussions",
            new { title, markdown = $"Hello @Eve {scene.Token}, @Bo {scene.Token} and @Nia {scene.Token}", circleId });
        await FollowAsync(scene.CyEmail, thread.Id);
        await ReplyAsync(eveEmail, thread.Id, "Glad to be here");

        var mention = await _smtp.WaitForAsync(m => IsTo(m, eveEmail) && KindOf(m) == EmailKinds.DiscussionMentions, "Eve's mention");
        Assert.Contains(title, mention.Subject);
        await _smtp.WaitForAsync(m => IsTo(m, scene.CyEmail) && KindOf(m) == EmailKinds.DiscussionReplies, "the reply's email to Cy, the coach who follows it");
        await SentinelAsync(scene, scene.BoEmail, "Bo");
        await SentinelAsync(scene, scene.NiaEmail, "Nia");
        Assert.DoesNotContain(_smtp.Messages, m => (IsTo(m, scene.BoEmail) || IsTo(m, scene.NiaEmail)) && (m.Subject ?? "").Contains(title, StringComparison.Ordinal));
    }
}
