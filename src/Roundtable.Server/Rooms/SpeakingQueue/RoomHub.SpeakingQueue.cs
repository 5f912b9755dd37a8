using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

public sealed partial class RoomHub
{
    public Task RaiseHand(string? roomId) => RunAsync(roomId, new RaiseHand());

    public Task LowerHand(string? roomId) => RunAsync(roomId, new LowerHand());

    public Task GiveFloorToNext(string? roomId) => RunAsync(roomId, new GiveFloor(null));

    public Task GiveFloor(string? roomId, string? userId) =>
        string.IsNullOrWhiteSpace(userId)
            ? throw new HubException("Say whom to give the floor to.")
            : RunAsync(roomId, new GiveFloor(userId));

    public Task TakeFloor(string? roomId) => RunAsync(roomId, new TakeFloor());

    public Task ClearQueue(string? roomId) => RunAsync(roomId, new ClearQueue());
}
