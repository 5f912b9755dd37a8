using Roundtable.Core.Markdown;
using Roundtable.Core.Rooms;
using Roundtable.Core.Rooms.Notes;

namespace Roundtable.Core.Tests;

/// <summary>Markdown nested deeper than the renderer allows is refused by name; ordinary writing still renders.</summary>
public sealed class MarkdownNestingTests
{
    private readonly MarkdownRenderer _renderer = new();

    /// <summary>Each kind of nesting, <paramref name="depth"/> levels deep.</summary>
    public static string Nested(string kind, int depth) => kind switch
    {
        "quotes" => new string('>', depth) + " deep",
        "spaced quotes" => string.Concat(Enumerable.Repeat("> ", depth)) + "deep",
        "indented lists" => string.Join("\n", Enumerable.Range(0, depth).Select(i => new string(' ', i * 2) + "- item")),
        "one-line lists" => string.Concat(Enumerable.Repeat("- ", depth)) + "deep",
        "ordered lists" => string.Concat(Enumerable.Repeat("1. ", depth)) + "deep",
        "emphasis" => string.Concat(Enumerable.Repeat("*a ", depth)) + "x" + string.Concat(Enumerable.Repeat(" a*", depth)),
        "strikethrough" => string.Concat(Enumerable.Repeat("~~a ", depth)) + "x" + string.Concat(Enumerable.Repeat(" a~~", depth)),
        "links" => new string('[', depth) + "x" + string.Concat(Enumerable.Repeat("](https://example.com)", depth)),
        "images in links" => string.Concat(Enumerable.Repeat("[![", depth)) + "x" + string.Concat(Enumerable.Repeat("](https://example.com/a.png)](https://example.com)", depth)),
        "quoted lists" => string.Concat(Enumerable.Repeat("> - ", depth / 2)) + "deep",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static TheoryData<string> Kinds() =>
        ["quotes", "spaced quotes", "indented lists", "one-line lists", "ordered lists", "emphasis", "strikethrough", "links", "images in links", "quoted lists"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void MarkdownNested128DeepIsRefusedWithANamedException(string kind)
    {
        var refused = Assert.Throws<MarkdownTooDeepException>(() => _renderer.Render(Nested(kind, 128)));
        Assert.Contains($"at most {MarkdownRenderer.MaxNestingDepth} levels", refused.Message);
        // Refused by the estimate before Markdig parses it, not by Markdig's own limit.
        Assert.Null(refused.InnerException);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void OneLevelPastTheLimitIsRefusedToo(string kind)
    {
        Assert.Throws<MarkdownTooDeepException>(() => _renderer.Render(Nested(kind, MarkdownRenderer.MaxNestingDepth + 2)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void TenLevelsRender(string kind)
    {
        Assert.False(string.IsNullOrWhiteSpace(_renderer.Render(Nested(kind, 10))));
    }

    [Fact]
    public void ThousandsOfLevelsAreRefusedWithoutParsing()
    {
        // An indented list this deep kept Markdig busy for seconds before it gave up; the estimate refuses it at once.
        var deep = Nested("indented lists", 1_000);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Throws<MarkdownTooDeepException>(() => _renderer.Render(deep));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }

    [Fact]
    public void OrdinaryWritingWithMuchEmphasisCodeAndLinksStillRenders()
    {
        var words = string.Join(" ", Enumerable.Range(0, 200).Select(i => i % 3 == 0 ? $"**bold {i}**" : i % 3 == 1 ? $"_it {i}_" : $"[link {i}](https://example.com/{i})"));
        var code = "```\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i => new string(' ', i * 2) + "{ [[[ ***")) + "\n```";
        var inlineCode = string.Concat(Enumerable.Repeat("`[[[[***` ", 40));
        var arithmetic = "1 + 2 = 3, a*b*c*d*e*f*g*h*i*j*k*l, x^2^ and C++ or ==marked== ~sub~ ++ins++ " + string.Concat(Enumerable.Repeat("snake_case_name ", 40));
        var rule = string.Concat(Enumerable.Repeat("* ", 20)) + "\n\n" + new string('*', 80);
        var document = $"# Title\n\n{words}\n\n{code}\n\n{inlineCode}\n\n{arithmetic}\n\n{rule}\n\n> quote\n> > inner\n\n- a\n  - b\n    - c\n      1. d";

        var html = _renderer.Render(document);

        Assert.Contains("<strong>bold 0</strong>", html);
        Assert.Contains("<pre><code>", html);
        Assert.Contains("href=\"https://example.com/197\"", html);
    }

    [Fact]
    public void TheRoomRefusesDeepMarkdownByNameInChatNotesQuestionsAndTheAgenda()
    {
        var decider = new RoomDecider(new MarkdownRenderer());
        var coach = new Actor("coach", "Cora", RoomRole.Coach);
        var state = RoomState.Fold("room1", RoomStateTests.Numbered([
            new RoundtableStarted(coach.UserId),
            new ParticipantJoined(coach.UserId, coach.DisplayName, coach.Role)]));
        var deep = Nested("quotes", 128);

        foreach (RoomCommand command in new RoomCommand[] { new PostMessage(deep, "c1"), new EditSharedNote(0, deep), new AskQuestion(deep, false), new AddAgendaTopic(deep) })
        {
            var decision = decider.Decide(state, coach, command);
            Assert.True(decision.Rejection == Rejection.MarkdownTooDeep, $"{command.GetType().Name}: {decision.Rejection} {decision.Reason}");
            Assert.Contains("nested too deeply", decision.Reason);
            Assert.Empty(decision.Events);
        }
    }
}
