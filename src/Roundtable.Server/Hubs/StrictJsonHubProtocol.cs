using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace Roundtable.Server.Hubs;

/// <summary>
/// SignalR's JSON hub protocol with two gaps closed, for both hubs.
/// <para>
/// A call whose arguments do not bind (a wrong type, null for a number, too many or too few) fails inside the
/// protocol, before any hub filter runs, and SignalR answers only "Failed to invoke 'X' due to an error on the server"
/// (the reason only with detailed errors, which would also show the server's own exceptions). Here such a call is
/// diagnosed from its JSON and handed on carrying a <see cref="HubArgumentProblem"/>, which <see cref="HubCallErrors"/>
/// refuses with a sentence naming the argument, the type it must have and what came instead.
/// </para>
/// <para>
/// A frame of a type the protocol does not know (e.g. <c>{"type":99}</c>) is read and dropped as "not a message"; with a
/// message size limit set, SignalR's reader then keeps that frame and waits for more, so the connection stays open
/// and hears nothing more from its client. Here it closes the connection with an error instead.
/// </para>
/// </summary>
public sealed partial class StrictJsonHubProtocol(IOptions<JsonHubProtocolOptions> options, HubLogOnce once, ILogger<StrictJsonHubProtocol> logger)
    : IHubProtocol
{
    private readonly JsonHubProtocol _inner = new(options);
    private readonly JsonSerializerOptions _payload = options.Value.PayloadSerializerOptions;

    public string Name => _inner.Name;

    public int Version => _inner.Version;

    public TransferFormat TransferFormat => _inner.TransferFormat;

    public bool IsVersionSupported(int version) => _inner.IsVersionSupported(version);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _inner.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _inner.GetMessageBytes(message);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        var before = input;
        if (_inner.TryParseMessage(ref input, binder, out message))
        {
            if (message is InvocationBindingFailureMessage failure)
            {
                message = Diagnose(before.Slice(0, before.Length - input.Length), failure, binder);
            }
            return true;
        }
        if (input.Length != before.Length)
        {
            // A whole frame was read and is of no type the protocol knows.
            if (once.First("protocol:unknown-type"))
            {
                LogUnknownMessageType(HubNameOf(binder));
            }
            throw new InvalidDataException("Unknown message type: this server speaks the JSON hub protocol, version 1.");
        }
        return false;
    }

    /// <summary>The same invocation, its arguments replaced by what was wrong with them (or none, for an unknown method).</summary>
    private HubMessage Diagnose(ReadOnlySequence<byte> frame, InvocationBindingFailureMessage failure, IInvocationBinder binder)
    {
        if (string.IsNullOrEmpty(failure.Target))
        {
            throw new InvalidDataException("An invocation needs a target: the name of the hub method to call.");
        }
        IReadOnlyList<Type> types;
        try
        {
            types = binder.GetParameterTypes(failure.Target);
        }
        catch (Exception)
        {
            // No such method: SignalR itself answers "Unknown hub method 'X'".
            return new InvocationMessage(failure.InvocationId, failure.Target, []);
        }
        string problem;
        try
        {
            using var document = JsonDocument.Parse(frame.Slice(0, frame.Length - 1));
            var arguments = document.RootElement.TryGetProperty("arguments", out var found) ? found : default;
            problem = HubArguments.Describe(HubMethods.Find(HubTypeOf(binder), failure.Target, types), failure.Target, types, arguments, _payload);
        }
        catch (JsonException)
        {
            problem = $"{failure.Target}: the arguments could not be read.";
        }
        return new InvocationMessage(failure.InvocationId, failure.Target, [new HubArgumentProblem(problem)]);
    }

    // SignalR's binder is HubConnectionBinder<THub>: its type argument says which hub the frame is for.
    private static Type? HubTypeOf(IInvocationBinder binder) =>
        binder.GetType() is { IsGenericType: true } type ? type.GetGenericArguments()[0] : null;

    private static string HubNameOf(IInvocationBinder binder) => HubTypeOf(binder)?.Name ?? "hub";

    [LoggerMessage(EventId = 7200, Level = LogLevel.Warning,
        Message = "{Hub}: a client sent a frame of an unknown message type; its connection was closed (further ones are not logged)")]
    private partial void LogUnknownMessageType(string hub);
}

/// <summary>What was wrong with a call's arguments, carried to <see cref="HubCallErrors"/> in place of them.</summary>
public sealed record HubArgumentProblem(string Message);
