using Roundtable.Core.Discussions;
using Roundtable.Core.Markdown;

namespace Roundtable.Core.Tests.Discussions;

public sealed class MentionsTests
{
    private static readonly Mentionable[] People = [new("u1", "Ana"), new("u2", "Ana Lima"), new("u3", "Bo <b>Bold</b>")];

    private static (string Html, IReadOnlyList<string> Ids) Mark(string markdown) => Mentions.Mark(new MarkdownRenderer().Render(markdown), People);

    [Fact]
    public void TheLongestNameWinsAndHandlesWorkToo()
    {
        var (html, ids) = Mark("Hi @Ana Lima, @ana and @bobboldb!");
        Assert.Equal(["u2", "u1", "u3"], ids);
        Assert.Contains("<span class=\"mention\" data-user-id=\"u2\">@Ana Lima</span>", html);
        Assert.Contains("<span class=\"mention\" data-user-id=\"u3\">@Bo &lt;b&gt;Bold&lt;/b&gt;</span>", html);
    }

    [Fact]
    public void EmailAddressesLinksCodeAndStrangersAreNotMentions()
    {
        var (html, ids) = Mark("mail ana@example.com, `@Ana`, [@Ana](https://example.com) and @Zed");
        Assert.Empty(ids);
        Assert.DoesNotContain("mention", html);
    }

    [Fact]
    public void ANameIsMatchedOnlyAsAWholeWord()
    {
        var (_, ids) = Mark("@Anabel is not @Ana.");
        Assert.Equal(["u1"], ids);
    }
}
