using Roundtable.Server.Email;
using Roundtable.Server.Projection;

namespace Roundtable.Server.Notifications;

public static class NotificationsSetup
{
    /// <summary>The push of new notifications to their people's open pages (the hub is mapped with the API).</summary>
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NotificationConnections>();
        builder.Services.AddSingleton<Notifier>();
        builder.Services.AddSingleton<IProjectionListener>(provider => provider.GetRequiredService<Notifier>());
        builder.Services.AddHostedService(provider => provider.GetRequiredService<Notifier>());
        builder.Services.AddEventMailer<NotificationMailer>();
        return builder;
    }
}
