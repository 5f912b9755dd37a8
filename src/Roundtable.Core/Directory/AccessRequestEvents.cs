using Roundtable.Core.Events;

namespace Roundtable.Core.Directory;

// Asking to join a cohort: a program's admin lets signed-in people ask; the cohort's coaches or an admin answer.

/// <summary>Whether signed-in people may ask to join the program's cohorts.</summary>
public sealed record AccessRequestsSet(string ProgramId, bool Accepting, string SetBy) : DirectoryEvent;

/// <summary>Someone asks to join a cohort as a learner, with an optional message (plain text) to whoever answers.</summary>
public sealed record AccessRequested(string RequestId, string CohortId, string UserId, string Message) : DirectoryEvent;

/// <summary>
/// The answer to a request. An approval is appended with the <see cref="MemberAdded"/> that makes them a learner; a
/// decline may say why.
/// </summary>
public sealed record AccessRequestAnswered(string RequestId, bool Approved, string AnsweredBy, string? Reason) : DirectoryEvent;
