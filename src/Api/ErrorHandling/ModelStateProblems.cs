using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace FinInfra.Api.ErrorHandling;

/// <summary>
/// Turns model-binding failures into a 400 whose <c>errors</c> are keyed by the field as the client wrote it
/// (<c>targetAmount</c>, <c>transactions[0].amount</c>) with messages that name no .NET type. When the body could not
/// be read, the framework's echo of it ("the request field is required") is dropped: the real error is the field's.
/// </summary>
public static partial class ModelStateProblems
{
    public static IActionResult Create(ActionContext context)
    {
        var bodyParameters = context.ActionDescriptor.Parameters
            .Where(p => p.BindingInfo?.BindingSource == BindingSource.Body)
            .Select(p => p.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var bodyFieldErrors = context.ModelState.Any(e => e.Value?.Errors.Count > 0 && (e.Key.Length == 0 || e.Key.StartsWith('$')));

        var errors = new ModelStateDictionary();
        foreach (var (key, entry) in context.ModelState)
        {
            if (entry.Errors.Count == 0) continue;
            if (bodyFieldErrors && bodyParameters.Contains(key)) continue;
            var field = FieldName(key);
            foreach (var error in entry.Errors) errors.AddModelError(field, Message(field, error));
        }
        if (errors.ErrorCount == 0) errors.AddModelError("body", "The request body is missing or not valid JSON.");

        var factory = context.HttpContext.RequestServices.GetRequiredService<ProblemDetailsFactory>();
        var problem = factory.CreateValidationProblemDetails(context.HttpContext, errors, StatusCodes.Status400BadRequest);
        return new BadRequestObjectResult(problem) { ContentTypes = { "application/problem+json" } };
    }

    /// <summary><c>$.transactions[0].amount</c> → <c>transactions[0].amount</c>; <c>$</c> → <c>body</c>.</summary>
    public static string FieldName(string key)
    {
        var field = key.StartsWith("$.", StringComparison.Ordinal) ? key[2..] : key.TrimStart('$');
        return field.Length == 0 ? "body" : field;
    }

    private static string Message(string field, ModelError error)
    {
        var message = error.ErrorMessage;
        if (string.IsNullOrEmpty(message) && error.Exception is not null) message = error.Exception.Message;
        if (MissingProperties().Match(message) is { Success: true } missing)
            return $"Required field(s) missing: {missing.Groups["names"].Value.Trim().TrimEnd('.')}.";
        if (message.Contains("could not be converted", StringComparison.Ordinal))
            return field == "body" ? "The request body does not have the expected shape." : $"'{field}' has a value of the wrong type or an unknown value.";
        if (message.Contains("null", StringComparison.OrdinalIgnoreCase))
            return $"'{field}' cannot be null.";
        if (message.Contains("is required", StringComparison.Ordinal) || message.Contains("is invalid", StringComparison.Ordinal) || message.Contains("is not valid", StringComparison.Ordinal))
            return message;
        return field == "body" ? "The request body is not valid JSON." : $"'{field}' is not valid.";
    }

    [GeneratedRegex("missing required properties including: (?<names>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex MissingProperties();
}
