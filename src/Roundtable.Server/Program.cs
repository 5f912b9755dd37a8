using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Dashboard;
using Roundtable.Server.Diagnostics;
using Roundtable.Server.Feedback;
using Roundtable.Server.Matching;
using Roundtable.Server.Notes;
using Roundtable.Server.Notifications;
using Roundtable.Server.Plans;
using Roundtable.Server.Rooms;
using Roundtable.Server.Scaleout;
using Roundtable.Server.Seeding;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = WebClient.LocateWebRoot() });

builder.AddStorage();
builder.AddDeployment();
builder.AddAccounts();
builder.AddRooms();
builder.AddFeedback();
builder.AddDashboard();
builder.AddPlans();
builder.AddDemoSeeding();
builder.AddDiagnostics();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseWebClient();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapDiagnostics();
app.MapAccountsApi();
app.MapCohortsApi();
app.MapRooms();
app.MapNotesApi();
app.MapPresentationHistoryApi();
app.MapRubricsApi();
app.MapDashboardApi();
app.MapPlansApi();
app.MapNotificationsApi();
app.MapMatching();

app.Run();

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
