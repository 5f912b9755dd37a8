namespace Roundtable.Server.Notifications;

public static class NotificationsSetup
{
    /// <summary>The push of new notifications to their people's open pages (the hub is mapped with the API).</summary>
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Notifier>();
        return builder;
    }
}
