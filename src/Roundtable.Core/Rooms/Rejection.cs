namespace Roundtable.Core.Rooms;

/// <summary>
/// A named reason a command is refused; each comes with a message a person can act on. The core's reasons are here;
/// each feature names its own beside its commands (e.g. <see cref="PollRejections"/>). <see cref="Code"/> is the
/// name as logged and compared.
/// </summary>
public readonly record struct Rejection(string Code)
{
    public static readonly Rejection RoomEnded = new(nameof(RoomEnded));
    public static readonly Rejection NotInRoom = new(nameof(NotInRoom));
    public static readonly Rejection NotAllowed = new(nameof(NotAllowed));
    public static readonly Rejection EmptyMessage = new(nameof(EmptyMessage));
    public static readonly Rejection MessageTooLarge = new(nameof(MessageTooLarge));
    public static readonly Rejection MarkdownTooDeep = new(nameof(MarkdownTooDeep));
    public static readonly Rejection InvalidArgument = new(nameof(InvalidArgument));
    public static readonly Rejection NotLive = new(nameof(NotLive));
    public static readonly Rejection NotEnded = new(nameof(NotEnded));

    public override string ToString() => Code;
}
