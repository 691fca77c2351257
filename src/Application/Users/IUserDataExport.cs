namespace FinInfra.Application.Users;

/// <summary>
/// One user's data as a portable archive (the format is in docs/database.md, "Exporting one user's data"). The same
/// mechanism serves <c>GET /api/v1/users/me/export</c> and <c>db export-user</c>; the archive never holds a secret.
/// </summary>
public interface IUserDataExport
{
    /// <summary>The archive of <paramref name="userId"/>'s rows and document files, ready to be read from the start.</summary>
    Task<UserDataExportFile> ExportAsync(Guid userId, CancellationToken cancellationToken);
}

/// <summary>An export, held in a temporary file that is deleted when <see cref="Content"/> is disposed.</summary>
public sealed record UserDataExportFile(Stream Content, string ContentType, string FileName);
