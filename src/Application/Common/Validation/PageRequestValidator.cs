using FinInfra.Application.Common.Persistence;
using FluentValidation;

namespace FinInfra.Application.Common.Validation;

/// <summary>The limit and cursor rules of every id-ordered list.</summary>
public abstract class PageRequestValidator<T> : AbstractValidator<T> where T : IPageRequest
{
    protected PageRequestValidator()
    {
        RuleFor(q => q.Limit).PageLimit();
        RuleFor(q => q.Cursor).IdCursor();
    }
}
