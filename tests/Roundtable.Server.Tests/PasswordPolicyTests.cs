using Microsoft.Extensions.Options;
using Roundtable.Server.Accounts;

namespace Roundtable.Server.Tests;

/// <summary>The password policy on its own, with the list of common passwords the build copies from npm.</summary>
public sealed class PasswordPolicyTests
{
    private readonly PasswordPolicy _policy = new(Options.Create(new AuthOptions()));

    [Theory]
    [InlineData("short", "of 10 to")]
    [InlineData("1234567890", "common passwords")]
    [InlineData("qwertyuiop", "common passwords")]
    [InlineData("Password123", "common passwords")]
    [InlineData("!!football2024", "common passwords")]
    [InlineData("P4ssw0rd!!", "common passwords")]
    [InlineData("iloveyou12345", "common passwords")]
    [InlineData("aaaaaaaaaaaa", "repeats")]
    [InlineData("abcabcabcabc", "repeats")]
    [InlineData("xyxyxyxyxyxy", "repeats")]
    [InlineData("aabbaabbaabb", "repeats")]
    [InlineData("hijklmnopqrs", "run along")]
    [InlineData("srqponmlkjih", "run along")]
    [InlineData("ertyuiop5678", "run along")]
    [InlineData("ghjkl0987654", "run along")]
    [InlineData("mmmmmmm12345", "run along")]
    [InlineData("rosalind-marsh-99", "email address or name")]
    [InlineData("i am Hartington now", "email address or name")]
    [InlineData("r.marsh@example.org", "email address or name")]
    public void WeakPasswordsAreRefusedSayingWhy(string password, string why)
    {
        var problem = _policy.Problem(password, "r.marsh@example.org", "Rosalind Hartington");
        Assert.NotNull(problem);
        Assert.Contains(why, problem);
    }

    [Theory]
    [InlineData("roundtable-demo")]
    [InlineData("long-enough-password")]
    [InlineData("a quiet harbour at dawn")]
    [InlineData("correct horse battery staple")]
    [InlineData("Tr0ub4dor&3x")]
    [InlineData("5 lanterns, 2 rivers")]
    public void PasswordsThatAreHardToGuessAreAccepted(string password)
    {
        Assert.Null(_policy.Problem(password, "r.marsh@example.org", "Rosalind Hartington"));
    }

    [Fact]
    public void TheCommonPasswordListIsTheWholeListFromNpm()
    {
        var list = System.Text.Json.JsonSerializer.Deserialize<string[]>(File.ReadAllText(PasswordPolicy.CommonPasswordsPath(new AuthOptions())))!;
        Assert.True(list.Length > 40_000, $"only {list.Length} passwords");
        foreach (var common in list.Where(p => p.Length >= 10).Take(200))
        {
            Assert.NotNull(_policy.Problem(common, null, null));
        }
    }
}
