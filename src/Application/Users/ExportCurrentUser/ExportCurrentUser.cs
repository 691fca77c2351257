using FinInfra.Application.Common.Abstractions;
using Mediator;

namespace FinInfra.Application.Users.ExportCurrentUser;

/// <summary>The signed-in user's own data, as the versioned archive <see cref="IUserDataExport"/> writes.</summary>
public sealed record ExportCurrentUserQuery : IQuery<UserDataExportFile>;

public sealed class ExportCurrentUserQueryHandler(IUserDataExport export, ICurrentUser currentUser)
    : IQueryHandler<ExportCurrentUserQuery, UserDataExportFile>
{
    public async ValueTask<UserDataExportFile> Handle(ExportCurrentUserQuery query, CancellationToken cancellationToken) =>
        await export.ExportAsync(currentUser.RequiredUserId, cancellationToken);
}
