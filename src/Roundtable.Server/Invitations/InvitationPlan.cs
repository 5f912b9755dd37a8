using Roundtable.Core.Directory;
using Roundtable.Core.Events;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Invitations;

/// <summary>What importing a row does.</summary>
public enum InvitationAction
{
    /// <summary>Someone new to Roundtable: an invited account, enrolled in the cohort.</summary>
    Invite,
    /// <summary>Has an account, not yet in the cohort: enrolled.</summary>
    Enrol,
    /// <summary>Already in the cohort with another role: the role changes.</summary>
    ChangeRole,
    /// <summary>Already in the cohort with that role (and that manager): nothing is written.</summary>
    Nothing,
}

/// <summary>One thing wrong with a row, and the column it is about ("row" for the line as a whole).</summary>
public sealed record InvitationError(string Field, string Message);

/// <param name="Errors">Why the row cannot be imported; empty when it can.</param>
/// <param name="Action">What importing it does; null while it has errors.</param>
/// <param name="Does">The same in words, for the preview.</param>
public sealed record InvitationRowPlan(
    int Row, string Email, string Name, string Role, string ManagerEmail, IReadOnlyList<InvitationError> Errors, InvitationAction? Action, string Does,
    bool ManagerChanges);

public sealed record InvitationPreview(
    IReadOnlyList<string> FileErrors, IReadOnlyList<InvitationRowPlan> Rows, bool CanImport,
    int Invitations, int Enrolments, int RoleChanges, int ManagerChanges, int Unchanged, int RowsWithErrors)
{
    /// <summary>A file that cannot be read at all.</summary>
    public static InvitationPreview Unreadable(IReadOnlyList<string> errors) => new(errors, [], false, 0, 0, 0, 0, 0, 0);
}

/// <summary>
/// Decides every row of an invitation against the read models as they are now: its errors, what it would do, and the
/// directory events that do it. Deciding the same file again after it was imported finds every row already done,
/// so an import can be run twice and the second writes nothing.
/// </summary>
public sealed class InvitationPlan
{
    private readonly List<DirectoryEvent> _invited = [];
    private readonly List<DirectoryEvent> _enrolled = [];
    private readonly List<DirectoryEvent> _managers = [];

    private InvitationPlan(InvitationPreview preview) => Preview = preview;

    public InvitationPreview Preview { get; private set; }

    /// <summary>Accounts first, then memberships, then reporting lines (which may name accounts this file makes).</summary>
    public IReadOnlyList<DirectoryEvent> Events => [.. _invited, .. _enrolled, .. _managers];

    public static InvitationPlan Decide(IReadOnlyList<InvitationRow> rows, string cohortId, string callerId, RoundtableDb db, CohortAccess access)
    {
        var plan = new InvitationPlan(InvitationPreview.Unreadable([]));
        var cohort = access.Cohort(cohortId)!;
        var callerIsAdmin = access.IsAdmin(callerId);
        var normalised = rows.Select(r => Normalised(r.Email)).ToList();
        var firstRowOf = new Dictionary<string, int>();
        for (var i = 0; i < rows.Count; i++)
        {
            firstRowOf.TryAdd(normalised[i], rows[i].Row);
        }
        UserRecord? Account(string email) => email.Length == 0 ? null : db.Users.FindOne(u => u.Email == email);

        // Whom each person will report to once the file is in: their manager now, or the file's where it names one.
        var ids = new Dictionary<string, string>();
        string IdOf(string email) => Account(email)?.Id ?? (ids.TryGetValue(email, out var id) ? id : ids[email] = Ids.New());
        var managerOf = new Dictionary<string, string?>();
        string? ManagerOf(string id) => managerOf.TryGetValue(id, out var m) ? m : access.ManagerOf(id);
        for (var i = 0; i < rows.Count; i++)
        {
            var managerEmail = Normalised(rows[i].ManagerEmail);
            if (managerEmail.Length > 0 && normalised[i].Length > 0 && (Account(managerEmail) is not null || firstRowOf.ContainsKey(managerEmail)))
            {
                managerOf[IdOf(normalised[i])] = IdOf(managerEmail);
            }
        }
        bool Loops(string id)
        {
            var seen = new HashSet<string>();
            for (var m = ManagerOf(id); m is not null; m = ManagerOf(m))
            {
                if (m == id)
                {
                    return true;
                }
                if (!seen.Add(m))
                {
                    return false;
                }
            }
            return false;
        }

        var planned = new List<InvitationRowPlan>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var email = normalised[i];
            var errors = new List<InvitationError>();
            if (row.Malformed is { } malformed)
            {
                errors.Add(new InvitationError("row", malformed));
            }
            if (email.Length == 0)
            {
                errors.Add(new InvitationError("email", "The email is missing."));
            }
            else if (email.Length > AccountService.MaxEmailLength || !AccountService.IsPlausibleEmail(email))
            {
                errors.Add(new InvitationError("email", $"'{row.Email}' is not a valid email address."));
            }
            else if (firstRowOf[email] != row.Row)
            {
                errors.Add(new InvitationError("email", $"This email is already in row {firstRowOf[email]}; each person comes once."));
            }
            var account = errors.Count == 0 ? Account(email) : null;
            if (account is null && row.Name.Length == 0)
            {
                errors.Add(new InvitationError("name", "The name is missing."));
            }
            else if (row.Name.Length > AccountService.MaxDisplayNameLength)
            {
                errors.Add(new InvitationError("name", $"The name is longer than {AccountService.MaxDisplayNameLength} characters."));
            }
            CohortRole? role = row.Role.ToLowerInvariant() switch
            {
                "learner" => CohortRole.Learner,
                "coach" => CohortRole.Coach,
                "manager" => CohortRole.Manager,
                "observer" => CohortRole.Observer,
                _ => null,
            };
            if (role is null)
            {
                errors.Add(new InvitationError("role", row.Role.Length == 0 ? "The role is missing: learner, coach, manager or observer." : $"'{row.Role}' is not a role: use learner, coach, manager or observer."));
            }
            var current = account is null ? null : access.RoleIn(cohortId, account.Id);
            if (!callerIsAdmin)
            {
                if (role == CohortRole.Coach)
                {
                    errors.Add(new InvitationError("role", "Only an admin can add coaches."));
                }
                else if (current == CohortRole.Coach && role is not null && role != CohortRole.Coach)
                {
                    errors.Add(new InvitationError("role", "This person is a coach of the cohort: only an admin can change their role."));
                }
                else if (account is not null && current is null && !access.InProgram(cohort.ProgramId, account.Id))
                {
                    // A coach who enrols someone reads their history, so only people the program already has (as for enrolment).
                    errors.Add(new InvitationError("email", "This address has an account outside this program: only an admin can add it."));
                }
            }
            var managerEmail = Normalised(row.ManagerEmail);
            var manager = managerEmail.Length == 0 ? null : Account(managerEmail);
            if (managerEmail.Length > 0)
            {
                if (managerEmail == email)
                {
                    errors.Add(new InvitationError("managerEmail", "Someone cannot be their own manager."));
                }
                else if (manager is null && !firstRowOf.ContainsKey(managerEmail))
                {
                    errors.Add(new InvitationError("managerEmail", $"The manager '{row.ManagerEmail}' is neither an account nor a row of this file."));
                }
                else if (!callerIsAdmin && manager is not null && !firstRowOf.ContainsKey(managerEmail) && !access.InProgram(cohort.ProgramId, manager.Id))
                {
                    errors.Add(new InvitationError("managerEmail", $"The manager '{row.ManagerEmail}' is neither in this program nor a row of this file."));
                }
                else if (email.Length > 0 && Loops(IdOf(email)))
                {
                    errors.Add(new InvitationError("managerEmail", "This manager makes a loop: someone would end up reporting to themselves."));
                }
            }

            if (errors.Count > 0)
            {
                planned.Add(new InvitationRowPlan(row.Row, row.Email, row.Name, row.Role, row.ManagerEmail, errors, null, "", false));
                continue;
            }
            var userId = IdOf(email);
            var managerId = managerEmail.Length == 0 ? null : IdOf(managerEmail);
            var managerChanges = managerId is not null && access.ManagerOf(userId) != managerId;
            var roleName = role!.Value.ToString().ToLowerInvariant();
            InvitationAction action;
            string does;
            if (account is null)
            {
                action = InvitationAction.Invite;
                does = $"New to Roundtable: invited, and added as {roleName}";
                plan._invited.Add(new UserInvited(userId, email, row.Name, callerId));
                plan._enrolled.Add(new MemberAdded(cohortId, userId, role.Value, callerId));
            }
            else if (current is null)
            {
                action = InvitationAction.Enrol;
                does = $"Has an account: added to the cohort as {roleName}";
                plan._enrolled.Add(new MemberAdded(cohortId, userId, role.Value, callerId));
            }
            else if (current != role)
            {
                action = InvitationAction.ChangeRole;
                does = $"Already in the cohort: role changes from {current.Value.ToString().ToLowerInvariant()} to {roleName}";
                plan._enrolled.Add(new MemberAdded(cohortId, userId, role.Value, callerId));
            }
            else
            {
                action = InvitationAction.Nothing;
                does = managerChanges ? $"Already in the cohort as {roleName}" : $"Already in the cohort as {roleName}: nothing to change";
            }
            if (managerChanges)
            {
                does += $"; reports to {managerEmail}";
                plan._managers.Add(new ManagerSet(userId, managerId, callerId));
            }
            planned.Add(new InvitationRowPlan(row.Row, row.Email, account?.DisplayName ?? row.Name, row.Role, row.ManagerEmail, [], action, does, managerChanges));
        }

        var withErrors = planned.Count(p => p.Errors.Count > 0);
        int Count(InvitationAction action) => planned.Count(p => p.Action == action);
        plan.Preview = new InvitationPreview([], planned, withErrors == 0 && planned.Count > 0,
            Count(InvitationAction.Invite), Count(InvitationAction.Enrol), Count(InvitationAction.ChangeRole), planned.Count(p => p.ManagerChanges),
            planned.Count(p => p.Action == InvitationAction.Nothing && !p.ManagerChanges), withErrors);
        return plan;
    }

    private static string Normalised(string email) => AccountService.NormaliseEmail(email);
}
