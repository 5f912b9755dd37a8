using System.Text.Json;
using Microsoft.Playwright;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>axe's heading-order rule (a best practice, so not among the WCAG rules the page-wide check runs).</summary>
public static class MarkdownHeadings
{
    public static async Task AssertHeadingOrderAsync(IPage page)
    {
        await page.AddScriptTagAsync(new() { Path = Path.Combine(RepoRoot, "node_modules", "axe-core", "axe.min.js") });
        var result = await page.EvaluateAsync<JsonElement>(
            "async () => await axe.run(document, { runOnly: { type: 'rule', values: ['heading-order'] } })");
        var targets = result.GetProperty("violations").EnumerateArray()
            .SelectMany(v => v.GetProperty("nodes").EnumerateArray())
            .Select(node => node.GetProperty("target").ToString())
            .ToList();
        Assert.True(targets.Count == 0, $"Headings skip a level on {page.Url}: {string.Join(", ", targets)}");
    }
}
