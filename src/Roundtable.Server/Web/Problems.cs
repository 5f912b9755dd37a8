using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Roundtable.Server.Web;

/// <summary>
/// A refusal as a value, before it becomes an HTTP answer: status, title, detail and, for invalid input, the messages
/// per field (keys as the client names its fields). Services and decisions return it; endpoints answer with
/// <see cref="ToResult"/>.
/// </summary>
public sealed record ApiProblem(int Status, string Title, string Detail, IDictionary<string, string[]>? Errors = null)
{
    public static ApiProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] }, message);

    /// <summary>Several fields wrong at once, each with its messages.</summary>
    public static ApiProblem Invalid(IReadOnlyDictionary<string, string[]> errors, string message) =>
        new(StatusCodes.Status400BadRequest, "Invalid input", message, new Dictionary<string, string[]>(errors));

    public static ApiProblem Conflict(string message) => new(StatusCodes.Status409Conflict, "Conflict", message);

    public static ApiProblem NotFound(string message) => new(StatusCodes.Status404NotFound, "Not found", message);

    public static ApiProblem Forbidden(string message) => new(StatusCodes.Status403Forbidden, "Forbidden", message);

    public static ApiProblem Busy(string message) => new(StatusCodes.Status503ServiceUnavailable, "Busy", message);

    /// <summary>RFC 9457 problem details; with per-field errors when the input was invalid.</summary>
    public ProblemHttpResult ToResult() => TypedResults.Problem(Errors is null
        ? new ProblemDetails { Status = Status, Title = Title, Detail = Detail }
        : new HttpValidationProblemDetails(Errors) { Status = Status, Title = Title, Detail = Detail });
}

/// <summary>The problem details the APIs answer with, in one place.</summary>
public static class Problems
{
    // Outsiders get the same answer for "missing" and "not yours", so ids cannot be probed.
    public static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem($"There is no {what} '{id}' that you can see.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>A 403 for someone who may know the thing exists but not do this; the detail says why.</summary>
    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed");

    public static ProblemHttpResult Invalid(string field, string message) => ApiProblem.Invalid(field, message).ToResult();

    public static ProblemHttpResult Invalid(IReadOnlyDictionary<string, string[]> errors, string message) => ApiProblem.Invalid(errors, message).ToResult();

    /// <summary>A 409 that tells the client the version it should reload (writes expected at a version: plans, notes).</summary>
    public static ProblemHttpResult Conflict(string detail, long currentVersion) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Conflict",
            Detail = detail,
            Extensions = { ["currentVersion"] = currentVersion },
        });
}
