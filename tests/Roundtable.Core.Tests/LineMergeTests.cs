using Roundtable.Core.Rooms.Notes;

namespace Roundtable.Core.Tests;

public sealed class LineMergeTests
{
    private static string Lines(params string[] lines) => string.Join('\n', lines);

    [Fact]
    public void DiffKeepsTheLongestCommonSubsequenceAndMarksTheRest()
    {
        var diff = LineDiff.Diff(["a", "b", "c", "d"], ["a", "x", "c", "d", "e"]);

        Assert.Equal(
            [(DiffKind.Same, "a"), (DiffKind.Removed, "b"), (DiffKind.Added, "x"), (DiffKind.Same, "c"), (DiffKind.Same, "d"), (DiffKind.Added, "e")],
            diff.Select(d => (d.Kind, d.Text)).ToList());
    }

    [Fact]
    public void DiffFindsMatchesInTheMiddleNotOnlyAtTheEnds()
    {
        var matches = LineDiff.Match(["x", "a", "b", "c", "y"], ["p", "a", "q", "c", "r"]);

        Assert.Equal([(1, 1), (3, 3)], matches);
    }

    [Fact]
    public void DiffOfEmptyAndIdenticalTexts()
    {
        Assert.Equal([DiffKind.Added, DiffKind.Added], LineDiff.Diff([], ["a", "b"]).Select(d => d.Kind));
        Assert.Equal([DiffKind.Removed], LineDiff.Diff(["a"], []).Select(d => d.Kind));
        Assert.All(LineDiff.Diff(["a", "b"], ["a", "b"]), d => Assert.Equal(DiffKind.Same, d.Kind));
    }

    [Fact]
    public void LineEndingsAreNormalised()
    {
        Assert.Equal(["a", "b", ""], LineDiff.SplitLines("a\r\nb\n"));
    }

    [Fact]
    public void NonOverlappingEditsMerge()
    {
        var baseText = Lines("# Notes", "one", "two", "three", "four");
        var mine = Lines("# Notes", "ONE", "two", "three", "four");
        var theirs = Lines("# Notes", "one", "two", "three", "FOUR");

        var result = ThreeWayMerge.Merge(baseText, mine, theirs);

        Assert.False(result.HasConflicts);
        Assert.Equal(Lines("# Notes", "ONE", "two", "three", "FOUR"), result.Merged);
    }

    [Fact]
    public void OverlappingEditsToTheSameLinesConflict()
    {
        var baseText = Lines("one", "two", "three");

        var result = ThreeWayMerge.Merge(baseText, Lines("one", "mine", "three"), Lines("one", "theirs", "three"));

        Assert.True(result.HasConflicts);
        Assert.Null(result.Merged);
        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal((2, 1), (conflict.BaseLine, conflict.BaseLineCount));
        Assert.Equal(["mine"], conflict.Mine);
        Assert.Equal(["theirs"], conflict.Theirs);
    }

    [Fact]
    public void DifferentInsertionsAtTheSamePlaceConflict()
    {
        var result = ThreeWayMerge.Merge(Lines("a", "b"), Lines("a", "mine", "b"), Lines("a", "theirs", "b"));

        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal(0, conflict.BaseLineCount);
    }

    [Fact]
    public void InsertionsAtDifferentPlacesMerge()
    {
        var result = ThreeWayMerge.Merge(Lines("a", "b", "c"), Lines("top", "a", "b", "c"), Lines("a", "b", "c", "bottom"));

        Assert.Equal(Lines("top", "a", "b", "c", "bottom"), result.Merged);
    }

    [Fact]
    public void DeletionsMergeWithEditsElsewhere()
    {
        var baseText = Lines("a", "b", "c", "d", "e");

        var result = ThreeWayMerge.Merge(baseText, Lines("a", "c", "d", "e"), Lines("a", "b", "c", "d", "E"));

        Assert.Equal(Lines("a", "c", "d", "E"), result.Merged);
    }

    [Fact]
    public void DeletingALineTheOtherSideChangedConflicts()
    {
        var result = ThreeWayMerge.Merge(Lines("a", "b", "c"), Lines("a", "c"), Lines("a", "B", "c"));

        Assert.True(result.HasConflicts);
    }

    [Fact]
    public void BothDeletingTheSameLineMerges()
    {
        var result = ThreeWayMerge.Merge(Lines("a", "b", "c", "d"), Lines("a", "c", "d"), Lines("a", "c", "D"));

        Assert.Equal(Lines("a", "c", "D"), result.Merged);
    }

    [Fact]
    public void FromAnEmptyBaseOneSideWritingMergesAndBothWritingDifferentlyConflicts()
    {
        Assert.Equal("hello\nworld", ThreeWayMerge.Merge("", "hello\nworld", "").Merged);
        Assert.Equal("theirs", ThreeWayMerge.Merge("", "", "theirs").Merged);
        Assert.True(ThreeWayMerge.Merge("", "mine", "theirs").HasConflicts);
    }

    [Fact]
    public void IdenticalChangesOnBothSidesAreTakenOnce()
    {
        var baseText = Lines("a", "b", "c");
        var same = Lines("a", "B", "c", "d");

        Assert.Equal(same, ThreeWayMerge.Merge(baseText, same, same).Merged);
        Assert.Equal(same, ThreeWayMerge.Merge("", same, same).Merged);
    }

    [Fact]
    public void UnchangedSidesGiveTheOtherSide()
    {
        var baseText = Lines("a", "b");

        Assert.Equal(Lines("a", "x"), ThreeWayMerge.Merge(baseText, baseText, Lines("a", "x")).Merged);
        Assert.Equal(Lines("a", "y"), ThreeWayMerge.Merge(baseText, Lines("a", "y"), baseText).Merged);
        Assert.Equal(baseText, ThreeWayMerge.Merge(baseText, baseText, baseText).Merged);
    }

    [Fact]
    public void ALargeRewriteStillMergesCorrectly()
    {
        var baseLines = Enumerable.Range(0, 3000).Select(i => $"line {i}").ToArray();
        var mine = (string[])baseLines.Clone();
        mine[10] = "mine";
        var theirs = (string[])baseLines.Clone();
        theirs[2900] = "theirs";

        var result = ThreeWayMerge.Merge(Lines(baseLines), Lines(mine), Lines(theirs));

        var merged = LineDiff.SplitLines(result.Merged!);
        Assert.Equal(("mine", "theirs", 3000), (merged[10], merged[2900], merged.Count));
    }
}
