namespace Roundtable.Server.Dashboard;

public static class DashboardSetup
{
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DashboardProjection>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DashboardProjection>());
        return builder;
    }
}
