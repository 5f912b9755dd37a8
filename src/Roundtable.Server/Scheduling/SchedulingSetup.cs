using Roundtable.Server.Email;
using Roundtable.Server.Projection;

namespace Roundtable.Server.Scheduling;

public static class SchedulingSetup
{
    /// <summary>Emails about schedule changes, and the reminders before each session (on every node; each sent once).</summary>
    public static WebApplicationBuilder AddScheduling(this WebApplicationBuilder builder)
    {
        builder.Services.AddEventMailer<ScheduleMailer>();
        builder.Services.AddSingleton<ReminderService>();
        builder.Services.AddSingleton<IProjectionListener>(provider => provider.GetRequiredService<ReminderService>());
        builder.Services.AddHostedService(provider => provider.GetRequiredService<ReminderService>());
        return builder;
    }
}
