using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Roundtable.Server.Accounts;

/// <summary>
/// What a new password must not be: shorter than <see cref="AuthOptions.MinimumPasswordLength"/>, one of the common
/// passwords attackers try first (or one with a few digits or symbols around it, or in simple look-alike spelling),
/// a repeated short pattern, a run along the alphabet or the keyboard, or something containing the person's email or
/// name. No rules about mixing character classes: length and not being guessable are what count.
/// </summary>
public sealed class PasswordPolicy
{
    private static readonly FrozenDictionary<char, int> KeyboardPosition =
        new[] { "1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm" }
            .SelectMany((row, r) => row.Select((c, column) => (c, Position: r * 100 + column)))
            .ToFrozenDictionary(x => x.c, x => x.Position);

    private readonly AuthOptions _options;
    private readonly Lazy<FrozenSet<string>> _common;

    public PasswordPolicy(IOptions<AuthOptions> options)
    {
        _options = options.Value;
        // Read on first use; AuthSetup checks at start that the file is there.
        _common = new(() => Load(CommonPasswordsPath(_options)));
    }

    public static string CommonPasswordsPath(AuthOptions options) =>
        Path.IsPathRooted(options.CommonPasswordsFile) ? options.CommonPasswordsFile : Path.Combine(AppContext.BaseDirectory, options.CommonPasswordsFile);

    /// <summary>Why <paramref name="password"/> will not do for this person, in words for them; null when it will.</summary>
    public string? Problem(string? password, string? email, string? displayName)
    {
        var min = _options.MinimumPasswordLength;
        if (password is null || password.Length < min || password.Length > AccountService.MaxPasswordLength)
        {
            return $"Choose a password of {min} to {AccountService.MaxPasswordLength} characters.";
        }
        var lower = password.ToLowerInvariant();
        if (IsCommon(lower))
        {
            return "This password is on the list of common passwords that attackers try first. Choose one that is harder to guess, such as a few unrelated words.";
        }
        if (lower.Distinct().Count() <= 3 || IsRepeatedPattern(lower))
        {
            return "This password repeats a short pattern (like \"aaaaaaaaaa\" or \"abcabcabca\"). Choose one that is harder to guess, such as a few unrelated words.";
        }
        if (RunCount(lower) <= 2)
        {
            return "This password is a run along the alphabet or the keyboard (like \"abcdefghij\" or \"qwerty12345\"). Choose one that is harder to guess, such as a few unrelated words.";
        }
        if (PersonalParts(email, displayName).FirstOrDefault(lower.Contains) is not null)
        {
            return "This password contains your email address or name. Choose one that does not.";
        }
        return null;
    }

    private bool IsCommon(string lower)
    {
        var common = _common.Value;
        var core = lower.Trim(" 0123456789!@#$%^&*()-_=+.,;:'\"?/\\|~`<>[]{}".ToCharArray());
        string[] candidates = [lower, core, Unleet(lower, 'i'), Unleet(lower, 'l'), Unleet(core, 'i'), Unleet(core, 'l')];
        return candidates.Any(c => c.Length > 0 && common.Contains(c));
    }

    private static string Unleet(string text, char one) => string.Create(text.Length, (text, one), static (span, state) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = state.text[i] switch
            {
                '0' => 'o',
                '1' or '!' => state.one,
                '3' => 'e',
                '4' or '@' => 'a',
                '5' or '$' => 's',
                '7' => 't',
                var c => c,
            };
        }
    });

    /// <summary>"passpasspass", "abcabcabca": the whole text is a shorter unit over and over.</summary>
    private static bool IsRepeatedPattern(string text)
    {
        for (var unit = 1; unit <= text.Length / 2; unit++)
        {
            var repeats = true;
            for (var i = unit; i < text.Length && repeats; i++)
            {
                repeats = text[i] == text[i - unit];
            }
            if (repeats)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// How many runs the text falls into, where a run steps by the same amount (-1, 0 or +1) each character, along
    /// the alphabet and digits or along a keyboard row: "abcdefghij" is one, "qwerty12345" two.
    /// </summary>
    private static int RunCount(string text)
    {
        var runs = 0;
        var i = 0;
        while (i < text.Length)
        {
            runs++;
            // A character off the keyboard rows is far from every other one there.
            var end = Math.Max(RunEnd(text, i, c => c), RunEnd(text, i, c => KeyboardPosition.GetValueOrDefault(c, -10_000 * (c + 1))));
            i = end;
        }
        return runs;
    }

    /// <summary>Where the run that starts at <paramref name="start"/> ends (exclusive), by the given position of a character.</summary>
    private static int RunEnd(string text, int start, Func<char, int> position)
    {
        if (start + 1 >= text.Length)
        {
            return text.Length;
        }
        var step = position(text[start + 1]) - position(text[start]);
        if (step is < -1 or > 1)
        {
            return start + 1;
        }
        var end = start + 2;
        while (end < text.Length && position(text[end]) - position(text[end - 1]) == step)
        {
            end++;
        }
        return end;
    }

    /// <summary>The email, its local part and the name's words, lower case; short words are left out (they turn up in anything).</summary>
    private static IEnumerable<string> PersonalParts(string? email, string? displayName)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(email))
        {
            var normalised = email.Trim().ToLowerInvariant();
            parts.Add(normalised);
            var local = normalised.Split('@')[0];
            parts.Add(local);
            parts.AddRange(local.Split(['.', '_', '-', '+'], StringSplitOptions.RemoveEmptyEntries));
        }
        if (!string.IsNullOrWhiteSpace(displayName))
        {
            var words = displayName.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            parts.Add(string.Concat(words));
            parts.AddRange(words);
        }
        return parts.Where(p => p.Length >= 4).Distinct();
    }

    private static FrozenSet<string> Load(string path)
    {
        using var file = File.OpenRead(path);
        var words = JsonSerializer.Deserialize<string[]>(file) ?? [];
        return words.Select(w => w.ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal);
    }
}
