using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Roundtable.Server.Discussions;
using Roundtable.Server.Notifications;

namespace Roundtable.Server.Tests.Discussions;

/// <summary>Cohort discussions end to end over HTTP on the real server.</summary>
public sealed class DiscussionsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    private static Task<ThreadDetailDto> Ok(HttpResponseMessage response) => DiscussionScene.Ok(response);

    private static async Task<int> StatusAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        return (int)response.StatusCode;
    }

    private static async Task<NotificationDto[]> NotificationsAsync(HttpClient client, string threadId) =>
        [.. (await client.GetFromJsonAsync<NotificationsDto>("/api/notifications", Json.Options))!.Items.Where(n => n.Link == DiscussionProjection.ThreadLink(threadId))];

    [Fact]
    public async Task RepliesNestOneLevelAndQuoteWordsOfAnotherPost()
    {
        var scene = await DiscussionScene.CreateAsync(Server);
        var thread = await scene.StartAsync(Server);
        using var bo = await Server.ClientAsAsync(scene.BoEmail);
        using var ana = await Server.ClientAsAsync(scene.AnaEmail);
        using var cy = await Server.ClientAsAsync(scene.CyEmail);

        var afterBo = await Ok(await bo.PostAsJsonAsync($"/api/discussions/{thread.Id}/replies", new { markdown = "I tried the silent pause. It worked twice." }));
        var boReply = Assert.Single(afterBo.Posts, p => p.Number == 2);
        Assert.Null(boReply.ParentPostId);

        var afterAna = await Ok(await ana.PostAsJsonAsync($"/api/discussions/{thread.Id}/replies",
            new { markdown = "Which two?", parentPostId = boReply.Id, quotedPostId = boReply.Id, quotedText = "It worked twice." }));
        var nested = Assert.Single(afterAna.Posts, p => p.Number == 3);
        Assert.Equal(boReply.Id, nested.ParentPostId);
        Assert.Equal(new QuoteDto(boReply.Id, $"Bo {scene.Token}", "It worked twice."), nested.Quote);

        // A reply to a nested reply would be a second level: refused, field by field, and nothing posted.
        using var tooDeep = await cy.PostAsJsonAsync($"/api/discussions/{thread.Id}/replies", new { markdown = "Deeper", parentPostId = nested.Id });
        Assert.Equal(HttpStatusCode.BadRequest, tooDeep.StatusCode);
        Assert.Contains("parentPostId", await tooDeep.Content.ReadAsStringAsync());
        using var misquoted = await cy.PostAsJsonAsync($"/api/discussions/{thread.Id}/replies", new { markdown = "Quote", quotedPostId = boReply.Id, quotedText = "words Bo never wrote" });
        Assert.Equal(HttpStatusCode.BadRequest, misquoted.StatusCode);
        Assert.Contains("quotedText", await misquoted.Content.ReadAsStringAsync());
        var detail = await bo.GetFromJsonAsync<ThreadDetailDto>($"/api/discussions/{thread.Id}", Json.Options);
        Assert.Equal(3, detail!.Posts.Count);
        Assert.Equal("I tried the silent pause. It worked twice.", detail.Posts[1].Markdown);
    }

    [Fact]
    public async Task MentionsOfMembersAreMarkedAndNotifiedWhileOutsidersAndScriptStayText()
    {
        var scene = await DiscussionScene.CreateAsync(Server);
        var thread = await scene.StartAsync(Server);
        using var bo = await Server.ClientAsAsync(scene.BoEmail);
        var markdown = $"Thanks @Ana Lima {scene.Token} and @cy{scene.Token}! Not @Ola {scene.Token}. <script>alert(1)</script> `@cy{scene.Token}`";
        var after = await Ok(await bo.PostAsJsonAsync($"/api/discussions/{thread.Id}/replies", new { markdown }));
        var reply = Assert.Single(after.Posts, p => p.Number == 2);
        Assert.Equal(markdown, reply.Markdown);
        Assert.Contains($"<span class=\"mention\" data-user-id=\"{scene.Ana}\">@Ana Lima {scene.Token}</span>", reply.Html);
        Assert.Contains($"<span class=\"mention\" data-user-id=\"{scene.Cy}\">@Cy {scene.Token}</span>", reply.Html);
        Assert.Contains($"<code>@cy{scene.Token}</code>", reply.Html); // code is never a mention
        Assert.DoesNotContain("<script", reply.Html);
        Assert.DoesNotContain(scene.Ola, reply.Html);

        using var ana = await Server.ClientAsAsync(scene.AnaEmail);
        using var cy = await Server.ClientAsAsync(scene.CyEmail);
        using var ola = await Server.ClientAsAsync(scene.OlaEmail);
        var anaHears = Assert.Single(await NotificationsAsync(ana, thread.Id));
        Assert.Equal(DiscussionProjection.MentionKind, anaHears.Kind); // a mentioned follower hears once, of the mention
        Assert.Equal($"Bo {scene.Token} mentioned you in “After week 1”.", anaHears.Text);
        Assert.Equal(DiscussionProjection.MentionKind, Assert.Single(await NotificationsAsync(cy, thread.Id)).Kind);
        Assert.Empty(await NotificationsAsync(ola, thread.Id));
    }

    [Fact]
    public async Task FollowersHearOfNewRepliesButNotTheirOwnAndUnfollowingStopsThem()
    {
        var scene = await DiscussionScene.CreateAsync(Server);
        var thread = await scene.StartAsync(Server);
        using var ana = await Server.ClientAsAsync(scene.AnaEmail);
        using var bo = await Server.ClientAsAsync(scene.BoEmail);
        using var nia = await Server.ClientAsAsync(scene.NiaEmail);
        Assert.True(thread.Following); // the author follows by starting it

        await Ok(await bo.PostAsJsonAsync($"/api/discussions/{thread.Id}/replies", new { markdown = "First reply" }));
        Assert.Equal(DiscussionProjection.ReplyKind, Assert.Single(await NotificationsAsync(ana, thread.Id)).Kind);
        Assert.Empty(await NotificationsAsync(bo, thread.Id));

        Assert.True((await Ok(await nia.PutAsJsonAsync($"/api/discussions/{thread.Id}/following", new { value = true }))).Following);
        Assert.True((await Ok(await bo.PutAsJsonAsync($"/api/discussions/{thread.Id}/following", new { value = false }))).Following is false);
        await Ok(await ana.PostAsJsonAsync($"/api/discussions/{thread.Id}/replies", new { markdown = "Second reply" }));
        Assert.Equal($"Ana Lima {scene.Token} replied in “After week 1”.", Assert.Single(await NotificationsAsync(nia, thread.Id)).Text);
        Assert.Empty(await NotificationsAsync(bo, thread.Id));
        Assert.Single(await NotificationsAsync(ana, thread.Id));
    }

    [Fact]
    public async Task UnreadCountsFollowWhatEachPersonHasReadAndNeverCountTheirOwnPosts()
    {
        var scene = await DiscussionScene.CreateAsync(Server);
        var thread = await scene.StartAsync(Server);
        using var ana = await Server.ClientAsAsync(scene.AnaEmail);
        using var bo = await Server.ClientAsAsync(scene.BoEmail);
        async Task<(int Threads, int Posts, int InList)> UnreadAsync(HttpClient client)
        {
            var mine = Assert.Single((await client.GetFromJsonAsync<UnreadPlaceDto[]>("/api/me/unread-discussions", Json.Options))!, p => p.CohortId == scene.CohortId);
            var list = await client.GetFromJsonAsync<ThreadListDto>($"/api/cohorts/{scene.CohortId}/discussions", Json.Options);
            return (mine.Threads, mine.Posts, Assert.Single(list!.Threads).Unread);
        }

        Assert.Equal((1, 1, 1), await UnreadAsync(bo));
        Assert.Equal((0, 0, 0), await UnreadAsync(ana));
        Assert.Equal(1, (await Ok(await bo.PostAsJsonAsync($"/api/discussions/{thread.Id}/read", new { lastNumber = 1 }))).ReadUpTo);
        Assert.Equal((0, 0, 0), await UnreadAsync(bo));

        await Ok(await ana.PostAsJsonAsync($"/api/discussions/{thread.Id}/replies", new { markdown = "One" }));
        await Ok(await bo.PostAsJsonAsync($"/api/discussions/{thread.Id}/replies", new { markdown = "Mine" }));
        await Ok(await ana.PostAsJsonAsync($"/api/discussions/{thread.Id}/replies", new { markdown = "Two" }));
        Assert.Equal((1, 2, 2), await UnreadAsync(bo));
        Assert.Equal((1, 1, 1), await UnreadAsync(ana));
        // Reading further than the thread goes marks it read to its end, never beyond.
        Assert.Equal(4, (await Ok(await bo.PostAsJsonAsync($"/api/discussions/{thread.Id}/read", new { lastNumber = 99 }))).ReadUpTo);
        Assert.Equal((0, 0, 0), await UnreadAsync(bo));
    }

    [Fact]
    public async Task AuthorsEditWithinTheWindowStaffAnyTimeEveryVersionIsKeptAndStaleEditsAreRefused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await new RoundtableFactory(time: clock).StartAsync();
        var scene = await DiscussionScene.CreateAsync(server);
        var thread = await scene.StartAsync(server, markdown: "First words");
        using var ana = await server.ClientAsAsync(scene.AnaEmail);
        using var bo = await server.ClientAsAsync(scene.BoEmail);
        using var cy = await server.ClientAsAsync(scene.CyEmail);
        var path = $"/api/discussions/{thread.Id}/posts/{thread.Id}";

        var edited = await Ok(await ana.PutAsJsonAsync(path, new { baseRevision = 0, title = "After week one", markdown = "Second words" }));
        Assert.Equal("After week one", edited.Title);
        var post = edited.Posts[0];
        Assert.Equal((1L, "Second words"), (post.Revision, post.Markdown));
        var first = Assert.Single(post.History);
        Assert.Equal((0L, "After week 1", "First words"), (first.Revision, first.Title, first.Markdown));

        using var stale = await ana.PutAsJsonAsync(path, new { baseRevision = 0, markdown = "From an old page" });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bo.PutAsJsonAsync(path, new { baseRevision = 1, markdown = "Not mine" })).StatusCode);

        clock.Advance(TimeSpan.FromHours(25));
        using var late = await ana.PutAsJsonAsync(path, new { baseRevision = 1, markdown = "Too late" });
        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
        Assert.Contains("24 hours", await late.Content.ReadAsStringAsync());
        var byCoach = await Ok(await cy.PutAsJsonAsync(path, new { baseRevision = 1, markdown = "Tidied by the coach" }));
        Assert.Equal(["First words", "Second words"], byCoach.Posts[0].History.Select(h => h.Markdown));
        Assert.False(byCoach.Posts[0].MayEdit is false);
        Assert.False((await ana.GetFromJsonAsync<ThreadDetailDto>($"/api/discussions/{thread.Id}", Json.Options))!.Posts[0].MayEdit);
    }

    [Fact]
    public async Task AuthorsAndStaffRemovePostsWhichStayInPlaceShownAsRemoved()
    {
        var scene = await DiscussionScene.CreateAsync(Server);
        var thread = await scene.StartAsync(Server);
        using var ana = await Server.ClientAsAsync(scene.AnaEmail);
        using var bo = await Server.ClientAsAsync(scene.BoEmail);
        using var cy = await Server.ClientAsAsync(scene.CyEmail);
        var withReply = await Ok(await bo.PostAsJsonAsync($"/api/discussions/{thread.Id}/replies", new { markdown = "Bo's reply" }));
        var reply = withReply.Posts[1];

        Assert.Equal(403, await StatusAsync(ana.DeleteAsync($"/api/discussions/{thread.Id}/posts/{reply.Id}")));
        var removed = await Ok(await bo.DeleteAsync($"/api/discussions/{thread.Id}/posts/{reply.Id}"));
        Assert.True(removed.Posts[1].Removed);
        Assert.Equal(("", ""), (removed.Posts[1].Markdown, removed.Posts[1].Html));
        Assert.Equal(409, await StatusAsync(bo.PutAsJsonAsync($"/api/discussions/{thread.Id}/posts/{reply.Id}", new { baseRevision = 0, markdown = "Back" })));
        var byCoach = await Ok(await cy.DeleteAsync($"/api/discussions/{thread.Id}/posts/{thread.Id}"));
        Assert.True(byCoach.Posts[0].Removed);
        Assert.Equal(2, byCoach.Posts.Count);
    }

    [Fact]
    public async Task StaffPinAndLockAndOnlyStaffReplyToALockedThread()
    {
        var scene = await DiscussionScene.CreateAsync(Server);
        var older = await scene.StartAsync(Server, title: "Older");
        await scene.StartAsync(Server, title: "Newer");
        using var ana = await Server.ClientAsAsync(scene.AnaEmail);
        using var bo = await Server.ClientAsAsync(scene.BoEmail);
        using var cy = await Server.ClientAsAsync(scene.CyEmail);
        Assert.Equal(403, await StatusAsync(ana.PutAsJsonAsync($"/api/discussions/{older.Id}/pinned", new { value = true })));
        Assert.True((await Ok(await cy.PutAsJsonAsync($"/api/discussions/{older.Id}/pinned", new { value = true }))).Pinned);
        var list = await bo.GetFromJsonAsync<ThreadListDto>($"/api/cohorts/{scene.CohortId}/discussions", Json.Options);
        Assert.Equal(["Older", "Newer"], list!.Threads.Select(t => t.Title));

        Assert.Equal(403, await StatusAsync(ana.PutAsJsonAsync($"/api/discussions/{older.Id}/locked", new { value = true })));
        var locked = await Ok(await cy.PutAsJsonAsync($"/api/discussions/{older.Id}/locked", new { value = true }));
        Assert.True(locked.Locked);
        Assert.False((await bo.GetFromJsonAsync<ThreadDetailDto>($"/api/discussions/{older.Id}", Json.Options))!.MayReply);
        using var refused = await bo.PostAsJsonAsync($"/api/discussions/{older.Id}/replies", new { markdown = "Let me in" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("locked", await refused.Content.ReadAsStringAsync());
        Assert.Equal(2, (await Ok(await cy.PostAsJsonAsync($"/api/discussions/{older.Id}/replies", new { markdown = "Closing note" }))).Posts.Count);
        await Ok(await cy.PutAsJsonAsync($"/api/discussions/{older.Id}/locked", new { value = false }));
        await Ok(await bo.PostAsJsonAsync($"/api/discussions/{older.Id}/replies", new { markdown = "Open again" }));
    }

    [Fact]
    public async Task ReactionsToggleFromAFixedSet()
    {
        var scene = await DiscussionScene.CreateAsync(Server);
        var thread = await scene.StartAsync(Server);
        using var bo = await Server.ClientAsAsync(scene.BoEmail);
        using var cy = await Server.ClientAsAsync(scene.CyEmail);
        var path = $"/api/discussions/{thread.Id}/posts/{thread.Id}/reactions";
        await Ok(await cy.PostAsJsonAsync(path, new { emoji = "heart" }));
        var on = await Ok(await bo.PostAsJsonAsync(path, new { emoji = "heart" }));
        Assert.Equal(new ReactionDto("heart", "❤️", "Heart", 2, true), Assert.Single(on.Posts[0].Reactions));
        var off = await Ok(await bo.PostAsJsonAsync(path, new { emoji = "heart" }));
        Assert.Equal(new ReactionDto("heart", "❤️", "Heart", 1, false), Assert.Single(off.Posts[0].Reactions));
        Assert.Equal(400, await StatusAsync(bo.PostAsJsonAsync(path, new { emoji = "<img src=x>" })));
    }

    [Fact]
    public async Task OutsidersGetNotFoundAndObserversReadButDoNotPost()
    {
        var scene = await DiscussionScene.CreateAsync(Server);
        var thread = await scene.StartAsync(Server);
        using var ola = await Server.ClientAsAsync(scene.OlaEmail);
        using var obi = await Server.ClientAsAsync(scene.ObiEmail);
        Assert.Equal(404, await StatusAsync(ola.GetAsync($"/api/discussions/{thread.Id}")));
        Assert.Equal(404, await StatusAsync(ola.GetAsync($"/api/cohorts/{scene.CohortId}/discussions")));
        Assert.Equal(404, await StatusAsync(ola.PostAsJsonAsync($"/api/discussions/{thread.Id}/replies", new { markdown = "Hi" })));
        Assert.Equal(404, await StatusAsync(ola.PostAsJsonAsync($"/api/cohorts/{scene.CohortId}/discussions", new { title = "Mine", markdown = "Hi" })));
        Assert.Equal(404, await StatusAsync(ola.GetAsync($"/api/discussions/{Guid.NewGuid():N}")));
        Assert.DoesNotContain((await ola.GetFromJsonAsync<UnreadPlaceDto[]>("/api/me/unread-discussions", Json.Options))!, p => p.CohortId == scene.CohortId);

        var seen = await obi.GetFromJsonAsync<ThreadDetailDto>($"/api/discussions/{thread.Id}", Json.Options);
        Assert.False(seen!.MayReply || seen.MayReact);
        Assert.False((await obi.GetFromJsonAsync<ThreadListDto>($"/api/cohorts/{scene.CohortId}/discussions", Json.Options))!.MayStart);
        Assert.Equal(403, await StatusAsync(obi.PostAsJsonAsync($"/api/discussions/{thread.Id}/replies", new { markdown = "Hi" })));
        Assert.Equal(403, await StatusAsync(obi.PostAsJsonAsync($"/api/cohorts/{scene.CohortId}/discussions", new { title = "Mine", markdown = "Hi" })));
        Assert.Equal(403, await StatusAsync(obi.PostAsJsonAsync($"/api/discussions/{thread.Id}/posts/{thread.Id}/reactions", new { emoji = "heart" })));
        Assert.True((await Ok(await obi.PutAsJsonAsync($"/api/discussions/{thread.Id}/following", new { value = true }))).Following);
    }

    [Fact]
    public async Task OversizeOrEmptyInputIsRefusedFieldByFieldAndNothingIsPosted()
    {
        var scene = await DiscussionScene.CreateAsync(Server);
        using var ana = await Server.ClientAsAsync(scene.AnaEmail);
        using var refused = await ana.PostAsJsonAsync($"/api/cohorts/{scene.CohortId}/discussions", new { title = new string('t', 201), markdown = new string('m', 16 * 1024 + 1) });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("\"title\"", body);
        Assert.Contains("the limit is 16 KB", body);
        using var empty = await ana.PostAsJsonAsync($"/api/cohorts/{scene.CohortId}/discussions", new { title = "Fine", markdown = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Empty((await ana.GetFromJsonAsync<ThreadListDto>($"/api/cohorts/{scene.CohortId}/discussions", Json.Options))!.Threads);
    }

    [Fact]
    public async Task ACirclesThreadsAreForItsPeopleAndTheCohortsStaffOnly()
    {
        var scene = await DiscussionScene.CreateAsync(Server);
        var (circleId, eve, eveEmail) = await scene.PublishCircleAsync(Server);
        using var cy = await Server.ClientAsAsync(scene.CyEmail);

        using var ana = await Server.ClientAsAsync(scene.AnaEmail);
        using var bo = await Server.ClientAsAsync(scene.BoEmail);
        using var nia = await Server.ClientAsAsync(scene.NiaEmail);
        using var eveClient = await Server.ClientAsAsync(eveEmail);
        var thread = await Ok(await ana.PostAsJsonAsync($"/api/cohorts/{scene.CohortId}/discussions",
            new { title = "Our circle", markdown = $"Hello @Eve {scene.Token} and @Bo {scene.Token}", circleId }));
        Assert.Equal(circleId, thread.CircleId);
        Assert.Contains($"data-user-id=\"{eve}\"", thread.Posts[0].Html);
        Assert.DoesNotContain(scene.Bo, thread.Posts[0].Html); // Bo cannot read it, so he cannot be mentioned in it

        Assert.Equal(200, await StatusAsync(eveClient.GetAsync($"/api/discussions/{thread.Id}")));
        Assert.Equal(200, await StatusAsync(cy.GetAsync($"/api/discussions/{thread.Id}")));
        Assert.Equal(404, await StatusAsync(bo.GetAsync($"/api/discussions/{thread.Id}")));
        Assert.Equal(404, await StatusAsync(nia.GetAsync($"/api/discussions/{thread.Id}")));
        Assert.Equal(404, await StatusAsync(bo.GetAsync($"/api/cohorts/{scene.CohortId}/discussions?circleId={circleId}")));
        Assert.Equal(400, await StatusAsync(bo.PostAsJsonAsync($"/api/cohorts/{scene.CohortId}/discussions", new { title = "In", markdown = "Let me in", circleId })));
        Assert.DoesNotContain((await bo.GetFromJsonAsync<ThreadListDto>($"/api/cohorts/{scene.CohortId}/discussions", Json.Options))!.Threads, t => t.Id == thread.Id);
        var boUnread = Assert.Single((await bo.GetFromJsonAsync<UnreadPlaceDto[]>("/api/me/unread-discussions", Json.Options))!, p => p.CohortId == scene.CohortId);
        Assert.Equal(0, boUnread.Threads);
        var eveList = await eveClient.GetFromJsonAsync<ThreadListDto>($"/api/cohorts/{scene.CohortId}/discussions?circleId={circleId}", Json.Options);
        Assert.Equal(1, Assert.Single(eveList!.Threads).Unread);
    }
}
