using Roundtable.Core.Feedback;

namespace Roundtable.Core.Tests;

public sealed class RubricRulesTests
{
    private static CriterionDraft Criterion(string? name = "Clarity", string? id = null, int levels = 3, double? weight = 1, string? description = "") =>
        new(id, name, description, Enumerable.Range(1, levels).Select(i => $"Level {i}").ToList(), weight);

    private static RubricDraft Draft(IReadOnlyList<CriterionDraft?>? criteria = null, IReadOnlyList<PromptDraft?>? prompts = null, string? name = "Pitch rubric") =>
        new(name, "For pitches", criteria ?? [Criterion()], prompts ?? [new PromptDraft(null, "What worked?")]);

    private static Rubric Valid(RubricDraft draft)
    {
        var (rubric, errors) = RubricRules.Validate(draft, "r1", 1, "p1");
        Assert.Empty(errors);
        return Assert.IsType<Rubric>(rubric);
    }

    private static void AssertOnlyError(RubricDraft draft, string field)
    {
        var (rubric, errors) = RubricRules.Validate(draft, "r1", 1, "p1");
        Assert.Null(rubric);
        Assert.Equal([field], errors.Keys);
        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(errors[field])));
    }

    [Fact]
    public void AValidDraftBecomesARubricWithTrimmedTextAndTheGivenIdentity()
    {
        var draft = new RubricDraft(
            "  Pitch rubric ", " For pitches ",
            [new CriterionDraft(null, " Clarity ", " Easy to follow ", [" Muddled ", "Clear"], 2), new CriterionDraft(null, "Evidence & examples", null, ["Thin", "Rich"], null)],
            [new PromptDraft(null, " What worked? ")]);

        var rubric = Valid(draft);

        Assert.Equal(("r1", 1, "p1", "Pitch rubric", "For pitches"), (rubric.RubricId, rubric.Version, rubric.ProgramId, rubric.Name, rubric.Description));
        var clarity = rubric.Criteria[0];
        Assert.Equal(("clarity", "Clarity", "Easy to follow", 2.0, 2), (clarity.Id, clarity.Name, clarity.Description, clarity.Weight, clarity.MaxScore));
        Assert.Equal(["Muddled", "Clear"], clarity.Levels);
        var evidence = rubric.Criteria[1];
        Assert.Equal(("evidence-examples", "", 1.0), (evidence.Id, evidence.Description, evidence.Weight));
        Assert.Equal(new RubricPrompt("what-worked", "What worked?"), Assert.Single(rubric.Prompts));
        Assert.Same(evidence, rubric.FindCriterion("evidence-examples"));
        Assert.Null(rubric.FindPrompt("missing"));
    }

    [Fact]
    public void ARubricNeedsNoPrompts()
    {
        Assert.Empty(Valid(Draft(prompts: [])).Prompts);
        Assert.Empty(Valid(new RubricDraft("R", null, [Criterion()], null)).Prompts);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void ARubricNeedsAName(string? name) => AssertOnlyError(Draft(name: name), "name");

    [Fact]
    public void OverlongNamesAndDescriptionsAreRefused()
    {
        AssertOnlyError(Draft(name: new string('n', RubricLimits.MaxNameLength + 1)), "name");
        AssertOnlyError(Draft() with { Description = new string('d', RubricLimits.MaxDescriptionLength + 1) }, "description");
        AssertOnlyError(Draft([Criterion(name: new string('n', RubricLimits.MaxNameLength + 1))]), "criteria[0].name");
        AssertOnlyError(Draft([Criterion(description: new string('d', RubricLimits.MaxDescriptionLength + 1))]), "criteria[0].description");
        Valid(Draft(name: new string('n', RubricLimits.MaxNameLength)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(RubricLimits.MaxCriteria + 1)]
    public void ARubricHasOneToTwelveCriteria(int count) =>
        AssertOnlyError(Draft(Enumerable.Range(1, count).Select(i => (CriterionDraft?)Criterion($"C{i}")).ToList()), "criteria");

    [Fact]
    public void MissingCriteriaListIsAnErrorOnCriteria() => AssertOnlyError(new RubricDraft("R", null, null, null), "criteria");

    [Fact]
    public void AnEmptyCriterionIsNamedByItsPosition() => AssertOnlyError(Draft([Criterion(), null]), "criteria[1]");

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void EveryCriterionNeedsAName(string? name) => AssertOnlyError(Draft([Criterion("Fine"), Criterion(name)]), "criteria[1].name");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(RubricLimits.MaxLevels + 1)]
    public void AScaleHasTwoToTenLevels(int levels) => AssertOnlyError(Draft([Criterion(levels: levels)]), "criteria[0].levels");

    [Fact]
    public void TheScaleLimitsAreInclusive()
    {
        Assert.Equal(RubricLimits.MinLevels, Valid(Draft([Criterion(levels: RubricLimits.MinLevels)])).Criteria[0].MaxScore);
        Assert.Equal(RubricLimits.MaxLevels, Valid(Draft([Criterion(levels: RubricLimits.MaxLevels)])).Criteria[0].MaxScore);
    }

    [Fact]
    public void EveryLevelNeedsADescriptorOfAtMost300Characters()
    {
        AssertOnlyError(Draft([new CriterionDraft(null, "C", null, ["Low", " ", "High"], 1)]), "criteria[0].levels");
        AssertOnlyError(Draft([new CriterionDraft(null, "C", null, ["Low", null, "High"], 1)]), "criteria[0].levels");
        AssertOnlyError(Draft([new CriterionDraft(null, "C", null, ["Low", new string('l', RubricLimits.MaxLevelLength + 1)], 1)]), "criteria[0].levels");
        AssertOnlyError(Draft([new CriterionDraft(null, "C", null, null, 1)]), "criteria[0].levels");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(RubricLimits.MaxWeight + 0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void AWeightIsMoreThanZeroAndAtMostTen(double weight) => AssertOnlyError(Draft([Criterion(weight: weight)]), "criteria[0].weight");

    [Fact]
    public void AMissingWeightCountsAsOne() => Assert.Equal(1, Valid(Draft([Criterion(weight: null)])).Criteria[0].Weight);

    [Fact]
    public void ARubricHasAtMostFivePrompts() =>
        AssertOnlyError(Draft(prompts: Enumerable.Range(1, RubricLimits.MaxPrompts + 1).Select(i => (PromptDraft?)new PromptDraft(null, $"Q{i}")).ToList()), "prompts");

    [Fact]
    public void EveryPromptNeedsTextOfAtMost300Characters()
    {
        AssertOnlyError(Draft(prompts: [new PromptDraft(null, "Fine"), new PromptDraft(null, "  ")]), "prompts[1].text");
        AssertOnlyError(Draft(prompts: [null]), "prompts[0].text");
        AssertOnlyError(Draft(prompts: [new PromptDraft(null, new string('p', RubricLimits.MaxPromptLength + 1))]), "prompts[0].text");
    }

    [Fact]
    public void EveryErrorIsReportedAtOnce()
    {
        var draft = new RubricDraft("", null, [Criterion(""), Criterion(levels: 1, weight: 0)], [new PromptDraft(null, "")]);
        var (rubric, errors) = RubricRules.Validate(draft, "r1", 1, "p1");
        Assert.Null(rubric);
        Assert.Equal(["criteria[0].name", "criteria[1].levels", "criteria[1].weight", "name", "prompts[0].text"], errors.Keys.Order());
    }

    [Fact]
    public void GivenIdsAreKeptSoScoresCanBeFollowedAcrossVersions()
    {
        var first = Valid(Draft([Criterion("Clarity"), Criterion("Delivery")], [new PromptDraft(null, "What worked?")]));
        var revised = new RubricDraft("Pitch rubric", null,
            [Criterion("Delivery and pace", first.Criteria[1].Id), Criterion("Clear message", first.Criteria[0].Id)],
            [new PromptDraft(first.Prompts[0].Id, "What went well?")]);

        var second = Valid(revised);

        Assert.Equal(["delivery", "clarity"], second.Criteria.Select(c => c.Id));
        Assert.Equal("what-worked", second.Prompts[0].Id);
    }

    [Fact]
    public void NewIdsComeFromNamesAndAreUnique()
    {
        var rubric = Valid(Draft([Criterion("Clarity"), Criterion("clarity"), Criterion("Clarity!")],
            [new PromptDraft(null, "Why?"), new PromptDraft(null, "Why?")]));
        Assert.Equal(["clarity", "clarity-2", "clarity-3"], rubric.Criteria.Select(c => c.Id));
        Assert.Equal(["why", "why-2"], rubric.Prompts.Select(p => p.Id));
    }

    [Fact]
    public void ANewCriterionNeverTakesTheIdAnExistingOneKeeps()
    {
        // The new criterion comes first in the list, but the existing one, later, owns "clarity".
        var rubric = Valid(Draft([Criterion("Clarity"), Criterion("Clear speech", id: "clarity")]));
        Assert.Equal(["clarity-2", "clarity"], rubric.Criteria.Select(c => c.Id));
    }

    [Fact]
    public void TwoCriteriaOrPromptsGivenTheSameIdAreRefused()
    {
        AssertOnlyError(Draft([Criterion("A", id: "same"), Criterion("B", id: "same")]), "criteria[1].id");
        AssertOnlyError(Draft(prompts: [new PromptDraft("same", "A?"), new PromptDraft("same", "B?")]), "prompts[1].id");
    }

    [Theory]
    [InlineData("Clarity", "clarity")]
    [InlineData("  Evidence & examples!  ", "evidence-examples")]
    [InlineData("Audience --- engagement", "audience-engagement")]
    [InlineData("Délivery", "d-livery")]
    [InlineData("Step 2", "step-2")]
    [InlineData("!!!", "criterion")]
    [InlineData("", "criterion")]
    public void SlugsAreLowerCaseLettersDigitsAndSingleHyphens(string text, string expected) =>
        Assert.Equal(expected, RubricRules.Slug(text, "criterion"));

    [Fact]
    public void SlugsAndTheirNumberedVariantsStayWithinTheIdLimit()
    {
        var longName = new string('a', 60);
        Assert.Equal(RubricLimits.MaxIdLength, RubricRules.Slug(longName, "c").Length);
        Assert.Equal(39, RubricRules.Slug(string.Join(' ', Enumerable.Repeat("word", 30)), "c").Length);
        var ids = Valid(Draft([Criterion(longName), Criterion(longName)])).Criteria.Select(c => c.Id).ToList();
        Assert.All(ids, id => Assert.InRange(id.Length, 1, RubricLimits.MaxIdLength));
        Assert.EndsWith("-2", ids[1]);
        Assert.Equal(2, ids.Distinct().Count());
    }
}
