namespace Roundtable.Server.Plans;

public static class PlansSetup
{
    public static WebApplicationBuilder AddPlans(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PlanWriter>();
        return builder;
    }
}
