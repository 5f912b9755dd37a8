using Roundtable.Core.Directory;
using Roundtable.Core.Log;
using Roundtable.Core.Matching;
using Roundtable.Core.Plans;
using Roundtable.Core.Rooms;
using Roundtable.Core.Rooms.Notes;
using Roundtable.Server.Matching;
using Roundtable.Server.Notifications;
using Roundtable.Server.Scheduling;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Projection;

/// <summary>
/// How each event changes the read models. Applied in global order by <see cref="Projector"/>; must be
/// idempotent per event only in the sense that the checkpoint is written in the same transaction.
/// </summary>
public static class ReadModelProjection
{
    /// <summary>
    /// What one event changes in the read models, to run in the projector's transaction (true when it changed
    /// something); null when no read model is about the event (most room events), so a batch of those needs no
    /// transaction at all.
    /// </summary>
    public static Func<RoundtableDb, bool>? ChangeOf(StoredEvent stored)
    {
        var at = stored.At.UtcDateTime;
        switch (stored.Event)
        {
            case UserRegistered e:
                return db =>
                {
                    db.Users.Upsert(new UserRecord
                    {
                        Id = e.UserId,
                        Email = e.Email,
                        DisplayName = e.DisplayName,
                        PasswordHash = e.PasswordHash,
                        IsAdmin = e.IsAdmin,
                        CreatedAt = at,
                    });
                    return true;
                };
            case UserInvited e:
                return db =>
                {
                    // Never over an account that exists: an invitation of a known address only adds them to cohorts.
                    if (db.Users.FindById(e.UserId) is not null || db.Users.Exists(u => u.Email == e.Email))
                    {
                        return false;
                    }
                    db.Users.Insert(new UserRecord { Id = e.UserId, Email = e.Email, DisplayName = e.DisplayName, Invited = true, CreatedAt = at });
                    return true;
                };
            case AccessRequestsSet or AccessRequested or AccessRequestAnswered:
                return db => AccessRequestProjection.Apply(db, stored);
            case InvitationIssued or PasswordResetIssued:
                return db => AccountLinkProjection.Apply(db, stored);
            case TimeZoneSet e:
                return db => UpdateUser(db, e.UserId, user => user.TimeZone = e.TimeZone);
            case EmailPreferenceSet e:
                return db => UpdateUser(db, e.UserId, user =>
                {
                    var optOuts = (user.EmailOptOuts ?? []).Where(kind => kind != e.Kind).ToList();
                    if (!e.Receive)
                    {
                        optOuts.Add(e.Kind);
                    }
                    user.EmailOptOuts = optOuts.Count == 0 ? null : optOuts;
                });
            case ManagerSet e:
                return db =>
                {
                    if (db.Users.FindById(e.UserId) is { } report)
                    {
                        report.ManagerId = e.ManagerId;
                        db.Users.Update(report);
                    }
                    return true;
                };
            case PasswordChanged e:
                return db => UpdateUser(db, e.UserId, user =>
                {
                    user.PasswordHash = e.PasswordHash;
                    user.SecurityStamp = e.SecurityStamp;
                    user.Invited = false; // an invited person's first password ends the invitation
                    user.EndedSessions = null; // the new stamp ends them all
                }) | AccountLinkProjection.EndAll(db, e.UserId);
            case SignedOutEverywhere e:
                return db => UpdateUser(db, e.UserId, user =>
                {
                    user.SecurityStamp = e.SecurityStamp;
                    user.EndedSessions = null;
                });
            case SignedOut e:
                return db => UpdateUser(db, e.UserId, user =>
                {
                    // The event's own time, not the clock: every node keeps the same list.
                    user.EndedSessions = [.. (user.EndedSessions ?? []).Where(s => s.Until > at && s.Id != e.SessionId), new EndedSession { Id = e.SessionId, Until = e.Until.UtcDateTime }];
                });
            case ProgramCreated e:
                return db =>
                {
                    db.Programs.Upsert(new ProgramRecord { Id = e.ProgramId, Name = e.Name, Description = e.Description, CreatedAt = at });
                    return true;
                };
            case ProgramEdited e:
                return db => UpdateProgram(db, e.ProgramId, p => { p.Name = e.Name; p.Description = e.Description; });
            case ProgramArchived e:
                return db => UpdateProgram(db, e.ProgramId, p => p.Archived = e.Archived);
            case ProgramTemplateSet e:
                return db => UpdateProgram(db, e.ProgramId, p => p.TemplateJson = StoredTemplate.Write(e.Template));
            case CohortEdited e:
                return db => UpdateCohort(db, e.CohortId, c =>
                {
                    c.Name = e.Name;
                    c.StartDate = e.StartDate?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                    c.EndDate = e.EndDate?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                });
            case CohortTemplateCopied e:
                return db => UpdateCohort(db, e.CohortId, c => c.TemplateJson = StoredTemplate.Write(e.Template));
            case CohortCreated e:
                return db =>
                {
                    db.Cohorts.Upsert(new CohortRecord { Id = e.CohortId, ProgramId = e.ProgramId, Name = e.Name, CreatedAt = at });
                    return true;
                };
            case MemberAdded e:
                return db =>
                {
                    db.Memberships.Upsert(new MembershipRecord
                    {
                        Id = MembershipRecord.KeyOf(e.CohortId, e.UserId),
                        CohortId = e.CohortId,
                        UserId = e.UserId,
                        Role = e.Role,
                    });
                    return true;
                };
            case MemberRemoved e:
                return db =>
                {
                    db.Memberships.Delete(MembershipRecord.KeyOf(e.CohortId, e.UserId));
                    return true;
                };
            case RoundtableScheduled e:
                return db =>
                {
                    db.Roundtables.Upsert(new RoundtableRecord
                    {
                        Id = e.RoundtableId,
                        CohortId = e.CohortId,
                        Title = e.Title,
                        ScheduledStart = e.ScheduledStart.UtcDateTime,
                        DurationMinutes = e.DurationMinutes,
                        Status = RoomStatus.Scheduled,
                        Kind = e.Kind,
                        ParentId = e.ParentId,
                        SeriesId = e.SeriesId,
                        TimeZone = e.TimeZone,
                    });
                    ScheduleProjection.Scheduled(db, db.Roundtables.FindById(e.RoundtableId));
                    return true;
                };
            case RoundtableRescheduled or RoundtableCancelled or ScheduleAnnounced or CalendarFeedIssued or CalendarFeedRevoked:
                return db => ScheduleProjection.Apply(db, stored);
            case RubricSaved e:
                return db =>
                {
                    db.RubricVersions.Upsert(RubricVersionRecord.From(e.Rubric, e.SavedBy, at));
                    return true;
                };
            case MatchingEvent e:
                return db =>
                {
                    MatchingProjection.Apply(db, e, at);
                    PersonNotifications.Apply(db, stored);
                    return true;
                };
            case FeedbackReleased when PersonNotifications.Notifies(stored):
                return db =>
                {
                    PersonNotifications.Apply(db, stored);
                    return true;
                };
            case RoundtableStarted e:
                return db =>
                {
                    UpdateRoundtable(db, stored, r => { r.Status = RoomStatus.Live; r.StartedAt = at; ScheduleProjection.Started(db, stored, r, e.UserId); });
                    return true;
                };
            case RoundtableEnded:
                return db =>
                {
                    UpdateRoundtable(db, stored, r => { r.Status = RoomStatus.Ended; r.EndedAt = at; });
                    return true;
                };
            case SharedNoteEdited e:
                return db =>
                {
                    db.SharedNotes.Upsert(new SharedNoteRecord
                    {
                        Id = StreamNames.RoomIdOf(stored.Stream),
                        Markdown = e.Markdown,
                        Html = e.Html,
                        Version = e.Version,
                        EditorName = e.EditorName,
                        UpdatedAt = at,
                    });
                    return true;
                };
            case PrivateNoteSaved e:
                return db =>
                {
                    db.PrivateNotes.Upsert(new PrivateNoteRecord
                    {
                        Id = PrivateNoteRecord.KeyOf(e.UserId, e.RoundtableId),
                        UserId = e.UserId,
                        RoundtableId = e.RoundtableId,
                        Markdown = e.Markdown,
                        Html = e.Html,
                        Version = e.Version,
                        UpdatedAt = at,
                    });
                    return true;
                };
            case PlanExerciseAssigned or PlanWorkEvent or NotificationRead:
                return db => PlanProjection.Apply(db, stored);
            case FileSlidesShared e:
                return db => AsyncPresentations.AsyncPresentationProjection.ShownOnStage(db, StreamNames.RoomIdOf(stored.Stream), e.Files.Select(f => f.UploadId));
            case Core.AsyncPresentations.AsyncPresentationEvent:
                return db => AsyncPresentations.AsyncPresentationProjection.Apply(db, stored);
            case Core.Discussions.DiscussionEvent:
                return db => Discussions.DiscussionProjection.Apply(db, stored);
            case Core.Wiki.WikiPageEvent:
                return db => WikiProjection.Apply(db, stored);
            default:
                return null;
        }
    }

    private static void UpdateRoundtable(RoundtableDb db, StoredEvent stored, Action<RoundtableRecord> change)
    {
        if (db.Roundtables.FindById(StreamNames.RoomIdOf(stored.Stream)) is { } record)
        {
            change(record);
            db.Roundtables.Update(record);
        }
    }

    private static bool UpdateProgram(RoundtableDb db, string programId, Action<ProgramRecord> change)
    {
        if (db.Programs.FindById(programId) is not { } program)
        {
            return false;
        }
        change(program);
        db.Programs.Update(program);
        return true;
    }

    private static bool UpdateCohort(RoundtableDb db, string cohortId, Action<CohortRecord> change)
    {
        if (db.Cohorts.FindById(cohortId) is not { } cohort)
        {
            return false;
        }
        change(cohort);
        db.Cohorts.Update(cohort);
        return true;
    }

    private static bool UpdateUser(RoundtableDb db, string userId, Action<UserRecord> change)
    {
        if (db.Users.FindById(userId) is not { } user)
        {
            return false;
        }
        change(user);
        db.Users.Update(user);
        return true;
    }
}
