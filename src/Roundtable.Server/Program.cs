using Roundtable.Server.AccessRequests;
using Roundtable.Server.Accounts;
using Roundtable.Server.AsyncPresentations;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Dashboard;
using Roundtable.Server.Deployment;
using Roundtable.Server.Diagnostics;
using Roundtable.Server.Discussions;
using Roundtable.Server.Email;
using Roundtable.Server.Feedback;
using Roundtable.Server.Invitations;
using Roundtable.Server.Limits;
using Roundtable.Server.Matching;
using Roundtable.Server.Network;
using Roundtable.Server.Notes;
using Roundtable.Server.Notifications;
using Roundtable.Server.Plans;
using Roundtable.Server.Rooms;
using Roundtable.Server.Scheduling;
using Roundtable.Server.Search;
using Roundtable.Server.Seeding;
using Roundtable.Server.Setup;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;
using Roundtable.Server.Wiki;

// Settings are read once at start. Watching appsettings.json for changes watches the whole content root, and the data
// directory is under it by default: the watcher then woke for every page the log wrote (4 % of the server's CPU under
// load). Given first, so a later argument can still turn it back on.
string[] settingsReadOnce = ["--hostBuilder:reloadConfigOnChange=false"];
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. settingsReadOnce, .. args], WebRootPath = WebClient.LocateWebRoot() });

// First: hub filters run in the order they are added, and its filter (HubCallErrors) must wrap all the others.
builder.AddDiagnostics();
builder.AddWebSecurity();
builder.AddDeployment();
builder.AddAccounts();
builder.AddLimits();
builder.AddCohorts();
builder.AddRooms();
builder.AddFeedback();
builder.AddDashboard();
builder.AddPlans();
builder.AddNotifications();
builder.AddEmail();
builder.AddScheduling();
builder.AddDemoSeeding();
builder.AddFirstRunSetup();
builder.AddAccessRequests();
builder.AddAsyncPresentations();
builder.AddDiscussions();
builder.AddWiki();
builder.AddSearch();

var app = builder.Build();

app.UseWebSecurity();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseWebClient();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseLimits();

app.MapDiagnostics();
app.MapAccountsApi();
app.MapSetupApi();
app.MapCohortsApi();
app.MapProgramSetupApi();
app.MapCohortSetupApi();
app.MapInvitationsApi();
app.MapRooms();
app.MapNotesApi();
app.MapPresentationHistoryApi();
app.MapRubricsApi();
app.MapCommentAdviceApi();
app.MapHelpfulnessApi();
app.MapCalibrationApi();
app.MapDashboardApi();
app.MapPlansApi();
app.MapNotificationsApi();
app.MapEmailApi();
app.MapMatching();
app.MapAccessRequestsApi();
app.MapScheduleApi();
app.MapAsyncPresentations();
app.MapDiscussionsApi();
app.MapRoundtableDiscussionsApi();
app.MapWikiApi();
app.MapSearchApi();
app.MapNetworkApi();

// The database file is closed (its log written into it) even when another part fails as the app shuts down, which
// would otherwise stop the container from disposing what is left; the failure is said, then rethrown.
var db = app.Services.GetRequiredService<RoundtableDb>();
try
{
    app.Run();
}
catch (Exception ex)
{
    Console.Error.WriteLine($"Roundtable stopped with an error: {ex}");
    throw;
}
finally
{
    db.Dispose();
}

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
