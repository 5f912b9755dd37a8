using Roundtable.Core.Markdown;

namespace Roundtable.Core.Rooms;

/// <summary>
/// The one place where a room decides: asks every feature's veto (in <see cref="RoomFeatures"/>' order), then the
/// feature the command belongs to, and returns the events it produces or a named rejection. Pure apart from
/// Markdown rendering and reading the clock (for deadlines); it never appends. Features reach both through it, and
/// the chat's rules (<see cref="ChatRules"/>) as the deployment sets them.
/// </summary>
public sealed class RoomDecider(MarkdownRenderer markdown, TimeProvider? time = null, ChatRules? chat = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>How long authors may edit or delete their messages.</summary>
    public ChatRules Chat { get; } = chat ?? ChatRules.Default;

    public Decision Decide(RoomState state, Actor actor, RoomCommand command)
    {
        var features = RoomFeatures.All;
        try
        {
            return features.Veto(state, actor, command)
                ?? features.FeatureFor(command)?.Decide(state, actor, command, this)
                ?? Decision.Reject(Rejection.InvalidArgument, "Unknown command.");
        }
        catch (MarkdownTooDeepException tooDeep)
        {
            // Every feature renders its Markdown while deciding, so this one place refuses it for all of them.
            return Decision.Reject(Rejection.MarkdownTooDeep, tooDeep.Message);
        }
    }

    /// <summary>Renders user Markdown the one way (for features whose events carry Markdown).</summary>
    public string Render(string source) => markdown.Render(source);

    /// <summary>Now, by the decider's clock (deadlines).</summary>
    public DateTimeOffset Now => _time.GetUtcNow();
}
