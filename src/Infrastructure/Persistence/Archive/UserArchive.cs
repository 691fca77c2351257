using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Application.Documents;
using FinInfra.Application.Users;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Common;
using FinInfra.Domain.Documents;
using FinInfra.Domain.Users;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence.Cli;
using FinInfra.Infrastructure.Persistence.Engines;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace FinInfra.Infrastructure.Persistence.Archive;

/// <summary>What <see cref="UserArchive.ImportAsync"/> restored, and what the operator must hand on.</summary>
public sealed record UserArchiveImport(UserArchiveManifest Manifest, string TemporaryPassword, int DisconnectedConnections);

/// <summary>
/// Writes one user's archive (<see cref="UserArchiveFormat"/>) from the configured database and document storage, and
/// restores one into them. Export reads every table inside one read snapshot, so the rows agree with each other; import
/// checks everything first and then writes every row in one transaction, so a refused or failed import changes nothing.
/// </summary>
public sealed class UserArchive(
    AppDbContext db,
    DatabaseSettings settings,
    DatabaseEngine engine,
    IDocumentStorage storage,
    IUnitOfWork unitOfWork,
    IPasswordHasher hasher,
    FinInfra.Application.Accounts.IBalanceHistory history,
    TimeProvider clock) : IUserDataExport
{
    private const int FlushEveryRows = 200;

    public async Task<UserDataExportFile> ExportAsync(Guid userId, CancellationToken cancellationToken)
    {
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"fininfra-export-{Guid.NewGuid():N}.zip"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var manifest = await ExportAsync(userId, file, cancellationToken);
            file.Position = 0;
            return new UserDataExportFile(file, UserArchiveFormat.ContentType, $"fininfra-export-{manifest.ExportedAt:yyyyMMdd'T'HHmmss'Z'}.zip");
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes the archive of <paramref name="userId"/> to <paramref name="destination"/> (left open).</summary>
    public async Task<UserArchiveManifest> ExportAsync(Guid userId, Stream destination, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>();
        var documents = new List<(Guid Id, string Key)>();
        ArchiveUser? user = null;
        string? migration;
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        await using (await engine.BeginReadSnapshotAsync(db, cancellationToken))
        {
            migration = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).LastOrDefault();
            foreach (var table in UserArchiveFormat.Tables)
            {
                var columns = table.Columns(db);
                await using var entry = zip.CreateEntry(UserArchiveFormat.TableEntry(table.Name), CompressionLevel.Optimal).Open();
                await using var writer = new Utf8JsonWriter(entry, new JsonWriterOptions { Indented = true });
                writer.WriteStartArray();
                var count = 0;
                await foreach (var row in table.RowsOf(db, userId).WithCancellation(cancellationToken))
                {
                    writer.WriteStartObject();
                    foreach (var (column, property) in columns)
                    {
                        writer.WritePropertyName(column);
                        ArchiveValues.Write(writer, property, property.GetGetter().GetClrValueUsingContainingEntity(row));
                    }
                    writer.WriteEndObject();
                    if (++count % FlushEveryRows == 0) await writer.FlushAsync(cancellationToken);
                    switch (row)
                    {
                        case User found: user = new ArchiveUser(found.Id, found.Email.Value); break;
                        case Document document: documents.Add((document.Id, document.FilePath)); break;
                    }
                }
                writer.WriteEndArray();
                await writer.FlushAsync(cancellationToken);
                counts[table.Name] = count;
            }
        }
        if (user is null) throw new NotFoundException("User", userId);

        var missing = new List<Guid>();
        foreach (var (id, key) in documents)
        {
            await using var content = OpenStored(key);
            if (content is null)
            {
                missing.Add(id);
                continue;
            }
            await using var entry = zip.CreateEntry(UserArchiveFormat.FileEntry(id), CompressionLevel.Optimal).Open();
            await content.CopyToAsync(entry, cancellationToken);
        }

        var manifest = new UserArchiveManifest(UserArchiveFormat.Name, UserArchiveFormat.Version, clock.GetUtcNow(), EngineName(settings.Provider), migration, user,
            counts, documents.Count - missing.Count, missing,
            UserArchiveFormat.Tables.Where(t => t.Omitted.Count > 0).ToDictionary(t => t.Name, t => t.Omitted),
            UserArchiveFormat.NotExported);
        await using (var entry = zip.CreateEntry(UserArchiveFormat.ManifestEntry).Open())
            await JsonSerializer.SerializeAsync(entry, manifest, UserArchiveFormat.ManifestJson, cancellationToken);
        return manifest;
    }

    /// <summary>
    /// Restores an archive into this database and document storage. Refused, with nothing changed, when the format or
    /// version is unknown, the archive is damaged or from a newer schema, the database is not at head, the email or any
    /// id is already taken, or a document file would overwrite one. Bank connections come back disconnected (their
    /// tokens were never exported), the user with a new temporary password (the hash was never exported either).
    /// </summary>
    public async Task<UserArchiveImport> ImportAsync(Stream archive, CancellationToken cancellationToken)
    {
        using var zip = OpenZip(archive);
        var manifest = ReadManifest(zip);
        await RequireSchemaAsync(manifest, cancellationToken);

        var rows = new List<(ArchiveTable Table, object Entity)>();
        foreach (var table in UserArchiveFormat.Tables)
            rows.AddRange((await ReadTableAsync(zip, table, cancellationToken)).Select(entity => (table, entity)));
        var unexpected = zip.Entries.Select(e => e.FullName)
            .FirstOrDefault(n => n.StartsWith("tables/", StringComparison.Ordinal) && UserArchiveFormat.Tables.All(t => UserArchiveFormat.TableEntry(t.Name) != n));
        if (unexpected is not null) throw Refused($"the archive holds {unexpected}, which is not part of {UserArchiveFormat.Name} version {UserArchiveFormat.Version}.");

        var user = rows.Select(r => r.Entity).OfType<User>().ToList() switch
        {
            [var one] when one.Id == manifest.User.Id => one,
            _ => throw Refused("the archive must hold exactly the one user its manifest names."),
        };
        var stranger = rows.Select(r => r.Entity).OfType<IOwnedByUser>().FirstOrDefault(r => r.UserId != user.Id);
        if (stranger is not null) throw Refused($"the archive holds a row of another user ({stranger}); it is damaged.");

        using (db.Scope.BeginSystemScope())
        {
            if (await db.Users.IgnoreQueryFilters().AnyAsync(u => u.Email == user.Email, cancellationToken))
                throw Refused($"a user with the email {user.Email.Value} already exists here.");
            foreach (var group in rows.GroupBy(r => r.Table, r => ((Entity)r.Entity).Id))
                if (await group.Key.FirstTakenIdAsync(db, group.ToList(), cancellationToken) is { } taken)
                    throw Refused($"{group.Key.Name} already holds a row with id {taken}; an archive is restored only where none of its ids exist.");
        }

        var documents = rows.Select(r => r.Entity).OfType<Document>().ToList();
        var staged = await StageFilesAsync(zip, manifest, documents, cancellationToken);
        var committed = new List<string>();
        try
        {
            var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
            user.ChangePasswordHash(hasher.Hash(password));
            var disconnected = PrepareRestoredState(rows.Select(r => r.Entity).ToList(), clock.GetUtcNow());

            db.RestoringRows = true;
            try
            {
                using var system = db.Scope.BeginSystemScope();
                await unitOfWork.ExecuteInTransactionAsync(async ct =>
                {
                    foreach (var (_, entity) in rows) db.Add(entity);
                    // The balance history is not exported: it is computed again here, in this transaction.
                    foreach (var account in rows.Select(r => r.Entity).OfType<Account>()) history.AccountChanged(account.Id, DateOnly.MinValue);
                    await unitOfWork.FlushAsync(ct);
                    // The files go in last, inside the transaction: any failure until the commit removes them again.
                    foreach (var (key, file) in staged)
                    {
                        await file.CommitAsync(key, ct);
                        committed.Add(key);
                    }
                    return 0;
                }, cancellationToken);
            }
            finally
            {
                db.RestoringRows = false;
            }
            return new UserArchiveImport(manifest, password, disconnected);
        }
        catch
        {
            foreach (var key in committed) await storage.DeleteAsync(key, CancellationToken.None);
            throw;
        }
        finally
        {
            foreach (var (_, file) in staged) await file.DisposeAsync();
        }
    }

    /// <summary>
    /// What a restored user starts with here: a provider connection has no token (none was exported), which in the domain
    /// is a disconnected connection — so it is disconnected, as the user's own disconnect would, its accounts unlinked
    /// (kept, history and all, with balances the user sets), and the bank is linked again to sync. Work leases taken on
    /// the exporting installation mean nothing here and are dropped.
    /// </summary>
    private int PrepareRestoredState(IReadOnlyList<object> entities, DateTimeOffset now)
    {
        var disconnected = entities.OfType<BankConnection>().Where(c => c is { IsManual: false, IsDisconnected: false }).ToList();
        foreach (var connection in disconnected) connection.Disconnect(now);
        var ids = disconnected.Select(c => c.Id).ToHashSet();
        foreach (var account in entities.OfType<Account>().Where(a => ids.Contains(a.ConnectionId) && !a.IsDeleted)) account.Unlink();
        foreach (var document in entities.OfType<Document>()) db.Entry(document).Property(d => d.ExtractionLeaseUntil).CurrentValue = null;
        return disconnected.Count;
    }

    private async Task<List<(string Key, IStagedDocument File)>> StageFilesAsync(ZipArchive zip, UserArchiveManifest manifest, IReadOnlyList<Document> documents,
        CancellationToken cancellationToken)
    {
        var staged = new List<(string Key, IStagedDocument File)>();
        try
        {
            foreach (var document in documents)
            {
                var entry = zip.GetEntry(UserArchiveFormat.FileEntry(document.Id));
                if (entry is null)
                {
                    if (manifest.MissingFiles.Contains(document.Id)) continue;
                    throw Refused($"the file of document {document.Id} is missing from the archive.");
                }
                await using (var existing = OpenStored(document.FilePath))
                    if (existing is not null) throw Refused($"document storage already holds a file at {document.FilePath}.");
                await using var content = entry.Open();
                var file = await storage.StageAsync(content, document.SizeBytes, cancellationToken);
                staged.Add((document.FilePath, file));
                if (file.Length != document.SizeBytes || file.Sha256 != document.Sha256)
                    throw Refused($"the file of document {document.Id} does not match its size and SHA-256; the archive is damaged.");
            }
            return staged;
        }
        catch (DocumentTooLargeException)
        {
            await DiscardAsync(staged);
            throw Refused("a document file is larger than its row says; the archive is damaged.");
        }
        catch
        {
            await DiscardAsync(staged);
            throw;
        }
    }

    private static async Task DiscardAsync(List<(string Key, IStagedDocument File)> staged)
    {
        foreach (var (_, file) in staged) await file.DisposeAsync();
    }

    private Stream? OpenStored(string key)
    {
        try
        {
            return storage.OpenRead(key);
        }
        catch (ArgumentException)
        {
            // A key this storage never made holds no file here.
            return null;
        }
    }

    private static ZipArchive OpenZip(Stream archive)
    {
        try
        {
            return new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw Refused("the file is not a zip archive.");
        }
    }

    private static UserArchiveManifest ReadManifest(ZipArchive zip)
    {
        var entry = zip.GetEntry(UserArchiveFormat.ManifestEntry) ?? throw Refused($"the archive has no {UserArchiveFormat.ManifestEntry}.");
        JsonElement json;
        try
        {
            using var stream = entry.Open();
            json = JsonDocument.Parse(stream).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw Refused($"{UserArchiveFormat.ManifestEntry} is not JSON.");
        }
        var format = json.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        var version = json.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetRawText() : null;
        if (format != UserArchiveFormat.Name || version != UserArchiveFormat.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
            throw Refused($"the archive is format '{format}' version {version ?? "(none)"}; this FinInfra reads {UserArchiveFormat.Name} version {UserArchiveFormat.Version} only.");
        try
        {
            return json.Deserialize<UserArchiveManifest>(UserArchiveFormat.ManifestJson) ?? throw Refused("the manifest is empty.");
        }
        catch (JsonException failure)
        {
            throw Refused($"the manifest is damaged ({failure.Message}).");
        }
    }

    /// <summary>
    /// The rows must have exactly the columns this build's model has (minus the omitted ones), so this database must be at
    /// head and the archive's schema no newer than this build's: the migration is compared by name, as each engine's set
    /// gives the same migration a different timestamp.
    /// </summary>
    private async Task RequireSchemaAsync(UserArchiveManifest manifest, CancellationToken cancellationToken)
    {
        var known = db.Database.GetMigrations().Select(NameOf).ToList();
        if (manifest.SchemaMigration is not null && !known.Contains(NameOf(manifest.SchemaMigration)))
            throw Refused($"the archive was written at migration {manifest.SchemaMigration}, which this FinInfra does not know; import it with the version that wrote it or a newer one.");
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
            throw Refused($"{settings.Describe()} is not at head ({pending.Count} migration(s) pending); run 'db upgrade' first.");
    }

    private static string NameOf(string migrationId) => migrationId[(migrationId.IndexOf('_') + 1)..];

    private async Task<List<object>> ReadTableAsync(ZipArchive zip, ArchiveTable table, CancellationToken cancellationToken)
    {
        var entryName = UserArchiveFormat.TableEntry(table.Name);
        var entry = zip.GetEntry(entryName) ?? throw Refused($"the archive has no {entryName}.");
        var columns = table.Columns(db);
        var expected = columns.Select(c => c.Column).ToHashSet();
        var entityType = db.Model.FindEntityType(table.EntityType)!;
        JsonDocument json;
        try
        {
            await using var stream = entry.Open();
            json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            throw Refused($"{entryName} is not JSON.");
        }
        using (json)
        {
            if (json.RootElement.ValueKind != JsonValueKind.Array) throw Refused($"{entryName} is not an array of rows.");
            var entities = new List<object>();
            var index = 0;
            foreach (var row in json.RootElement.EnumerateArray())
            {
                index++;
                if (row.ValueKind != JsonValueKind.Object) throw Refused($"{entryName} row {index} is not an object.");
                var names = row.EnumerateObject().Select(p => p.Name).ToHashSet();
                if (names.Except(expected).FirstOrDefault() is { } extra)
                    throw Refused($"{entryName} row {index} has a column '{extra}' that {table.Name} does not have here.");
                if (expected.Except(names).FirstOrDefault() is { } absent)
                    throw Refused($"{entryName} row {index} has no '{absent}' column.");
                entities.Add(Materialise(entityType, columns, row, entryName, index));
            }
            return entities;
        }
    }

    private object Materialise(IEntityType entityType, IReadOnlyList<(string Column, IProperty Property)> columns, JsonElement row, string entryName, int index)
    {
        var entity = Activator.CreateInstance(entityType.ClrType, nonPublic: true)!;
        var entry = db.Entry(entity);
        foreach (var (column, property) in columns)
        {
            try
            {
                entry.Property(property).CurrentValue = ArchiveValues.Read(row.GetProperty(column), property);
            }
            catch (Exception failure) when (failure is FormatException or InvalidOperationException or JsonException or DomainRuleException or ArgumentException or KeyNotFoundException)
            {
                throw Refused($"{entryName} row {index}, column {column}: {failure.Message}");
            }
        }
        return entity;
    }

    internal static string EngineName(DatabaseProvider provider) => provider.ToString().ToLowerInvariant();

    private static DatabaseCommandException Refused(string reason) => new($"Import refused, nothing changed: {reason}");
}
