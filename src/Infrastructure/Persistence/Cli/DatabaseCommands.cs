using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Time;
using FinInfra.Domain.Common;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence.Archive;
using FinInfra.Infrastructure.Persistence.Engines;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace FinInfra.Infrastructure.Persistence.Cli;

/// <summary>
/// The operations behind <c>db &lt;command&gt;</c>, on the configured database, in a system scope (they act for no
/// single user). Each writes a short human-readable report to <c>output</c>; a refusal is a
/// <see cref="DatabaseCommandException"/>.
/// </summary>
public sealed class DatabaseCommands
{
    /// <summary>The name <c>upgrade</c> accepts for the newest migration.</summary>
    public const string Head = "head";

    /// <summary>The name <c>downgrade</c> accepts for "no migration applied".</summary>
    public const string Base = "base";

    private readonly AppDbContext _db;
    private readonly DatabaseSettings _settings;
    private readonly IHostEnvironment _environment;
    private readonly ISecretProtector _protector;
    private readonly IPasswordHasher _hasher;
    private readonly TimeProvider _clock;
    private readonly TextWriter _output;
    private readonly string? _providersPath;

    public DatabaseCommands(AppDbContext db, DatabaseSettings settings, IHostEnvironment environment, ISecretProtector protector,
        IPasswordHasher hasher, TimeProvider clock, IConfiguration configuration, TextWriter output)
    {
        (_db, _settings, _environment, _protector, _hasher, _clock, _output) = (db, settings, environment, protector, hasher, clock, output);
        _providersPath = configuration["Database:ProvidersPath"];
        db.Scope.BeginSystemScope();
    }

    private IReadOnlyList<string> AllMigrations => [.. _db.Database.GetMigrations()];

    private string HeadMigration => AllMigrations.LastOrDefault() ?? Migration.InitialDatabase;

    /// <summary><c>upgrade [head|&lt;migration&gt;]</c>: applies pending migrations up to and including the target.</summary>
    public async Task UpgradeAsync(string? target, CancellationToken cancellationToken)
    {
        PrepareSqliteFolder();
        var applied = await AppliedAsync(cancellationToken);
        var targetId = target is null || target.Equals(Head, StringComparison.OrdinalIgnoreCase) ? HeadMigration : Resolve(target);
        var current = applied.LastOrDefault() ?? Migration.InitialDatabase;
        if (targetId == current)
        {
            _output.WriteLine($"Already at {Describe(targetId)}; nothing to apply.");
            return;
        }
        if (applied.Contains(targetId))
            throw new DatabaseCommandException($"{targetId} is behind the current migration {current}; use 'db downgrade {targetId}'.");

        await DatabasePreparation.ConfigureSqliteAsync(_db, cancellationToken);
        await _db.GetService<IMigrator>().MigrateAsync(targetId, cancellationToken);
        await DatabasePreparation.BackfillCategoryKeysAsync(_db, cancellationToken);
        var now = await AppliedAsync(cancellationToken);
        var added = now.Except(applied).ToList();
        _output.WriteLine($"Applied {added.Count} migration(s) to {_settings.Describe()}: {string.Join(", ", added)}.");
        _output.WriteLine($"Current: {Describe(now.LastOrDefault())}");
    }

    /// <summary><c>downgrade -1|-N|&lt;migration&gt;|base</c>: reverts applied migrations above the target.</summary>
    public async Task DowngradeAsync(string target, CancellationToken cancellationToken)
    {
        var applied = await AppliedAsync(cancellationToken);
        string targetId;
        if (target.Equals(Base, StringComparison.OrdinalIgnoreCase) || target == Migration.InitialDatabase)
            targetId = Migration.InitialDatabase;
        else if (target.StartsWith('-') && int.TryParse(target[1..], out var steps) && steps > 0)
        {
            if (steps > applied.Count)
                throw new DatabaseCommandException($"Cannot go back {steps} migration(s): only {applied.Count} applied.");
            targetId = steps == applied.Count ? Migration.InitialDatabase : applied[applied.Count - steps - 1];
        }
        else
        {
            targetId = Resolve(target);
            if (!applied.Contains(targetId))
                throw new DatabaseCommandException($"{targetId} is not applied; use 'db upgrade {targetId}'.");
        }

        var reverted = targetId == Migration.InitialDatabase ? applied : applied.SkipWhile(id => id != targetId).Skip(1).ToList();
        if (reverted.Count == 0)
        {
            _output.WriteLine($"Already at {Describe(targetId)}; nothing to revert.");
            return;
        }
        await _db.GetService<IMigrator>().MigrateAsync(targetId, cancellationToken);
        _output.WriteLine($"Reverted {reverted.Count} migration(s) on {_settings.Describe()}: {string.Join(", ", Enumerable.Reverse(reverted))}.");
        _output.WriteLine($"Current: {Describe((await AppliedAsync(cancellationToken)).LastOrDefault())}");
    }

    /// <summary><c>current</c>: the newest applied migration, marked (head) when nothing is pending.</summary>
    public async Task CurrentAsync(CancellationToken cancellationToken) =>
        _output.WriteLine(Describe((await AppliedAsync(cancellationToken)).LastOrDefault()) + await MissingDatabaseNoteAsync(cancellationToken));

    /// <summary><c>history</c>: every migration this build knows, oldest first, with its state.</summary>
    public async Task HistoryAsync(CancellationToken cancellationToken)
    {
        var applied = await AppliedAsync(cancellationToken);
        var known = AllMigrations;
        var current = applied.LastOrDefault();
        foreach (var id in known.Union(applied).Order(StringComparer.Ordinal))
        {
            var state = !known.Contains(id) ? "applied, unknown to this build" : applied.Contains(id) ? "applied" : "pending";
            var marks = (id == current ? " (current)" : "") + (id == HeadMigration ? " (head)" : "");
            _output.WriteLine($"{id}  {state}{marks}");
        }
        if (applied.Count == 0) _output.WriteLine("Database is at base: no migration applied." + await MissingDatabaseNoteAsync(cancellationToken));
    }

    /// <summary>
    /// <c>stamp &lt;migration&gt;|head|base</c>: records the database as being at the target without running anything — for
    /// a database made by <c>create-tables</c>, by hand, or restored from elsewhere. Migrations up to the target are
    /// marked applied, those above it unmarked.
    /// </summary>
    public async Task StampAsync(string target, CancellationToken cancellationToken)
    {
        var targetId = target.Equals(Head, StringComparison.OrdinalIgnoreCase) ? HeadMigration
            : target.Equals(Base, StringComparison.OrdinalIgnoreCase) || target == Migration.InitialDatabase ? Migration.InitialDatabase
            : Resolve(target);
        var history = _db.GetService<IHistoryRepository>();
        await history.CreateIfNotExistsAsync(cancellationToken);
        var applied = await AppliedAsync(cancellationToken);
        var wanted = targetId == Migration.InitialDatabase ? [] : AllMigrations.TakeWhile(id => id != targetId).Append(targetId).ToList();
        var marked = wanted.Except(applied).ToList();
        var unmarked = applied.Except(wanted).ToList();
        var script = marked.Select(id => history.GetInsertScript(new HistoryRow(id, ProductInfo.GetVersion())))
            .Concat(unmarked.Select(history.GetDeleteScript)).ToList();
        if (script.Count > 0) await _db.Database.ExecuteSqlRawAsync(string.Join(Environment.NewLine, script), cancellationToken);
        _output.WriteLine($"Stamped {_settings.Describe()} at {Describe(targetId)} without running any migration: " +
                          $"{marked.Count} marked applied, {unmarked.Count} unmarked.");
    }

    /// <summary>
    /// <c>check</c>: whether every provider set's migrations cover the model (no database is contacted). An extra that is
    /// not installed is named and not checked. Fails when any checked set has changes no migration covers.
    /// </summary>
    public Task CheckAsync(CancellationToken cancellationToken)
    {
        var stale = new List<DatabaseProvider>();
        foreach (var provider in Enum.GetValues<DatabaseProvider>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            DatabaseEngine engine;
            try
            {
                engine = DatabaseEngines.For(provider, _providersPath);
            }
            catch (DatabaseConfigurationException missing)
            {
                _output.WriteLine($"{provider}: not checked. {missing.Message}");
                continue;
            }
            using var model = engine.CreateModelContext();
            var migrations = model.Database.GetMigrations().ToList();
            if (model.Database.HasPendingModelChanges())
            {
                stale.Add(provider);
                _output.WriteLine($"{provider}: the model has changes that no migration covers.");
            }
            else
                _output.WriteLine($"{provider}: up to date ({migrations.Count} migration(s), head {migrations.LastOrDefault() ?? Base}).");
        }
        if (stale.Count > 0)
            throw new DatabaseCommandException($"{string.Join(", ", stale)}: model changes without a migration; run 'db revision \"<what changed>\"'.");
        return Task.CompletedTask;
    }

    /// <summary>A server database that does not exist is at base too, but saying only that would hide why.</summary>
    private async Task<string> MissingDatabaseNoteAsync(CancellationToken cancellationToken) =>
        _settings.Provider != DatabaseProvider.Sqlite && !await _db.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken)
            ? " The database does not exist yet; 'db upgrade' or 'db setup-and-migrate' creates it."
            : "";

    /// <summary><c>setup-and-migrate</c>: creates the database when it is missing (server engines), then upgrades to head.</summary>
    public async Task SetupAndMigrateAsync(CancellationToken cancellationToken)
    {
        if (_settings.Provider != DatabaseProvider.Sqlite)
        {
            var creator = _db.GetService<IRelationalDatabaseCreator>();
            if (!await creator.ExistsAsync(cancellationToken))
            {
                await creator.CreateAsync(cancellationToken);
                _output.WriteLine($"Created database {_settings.Describe()}.");
            }
        }
        await UpgradeAsync(Head, cancellationToken);
    }

    /// <summary><c>create-tables</c>: the schema straight from the model, without migrations (development only).</summary>
    public async Task CreateTablesAsync(CancellationToken cancellationToken)
    {
        PrepareSqliteFolder();
        var created = await _db.Database.EnsureCreatedAsync(cancellationToken);
        await DatabasePreparation.ConfigureSqliteAsync(_db, cancellationToken);
        _output.WriteLine(created
            ? $"Created the tables in {_settings.Describe()} (no migration history: use 'db reset' before switching to migrations)."
            : $"{_settings.Describe()} already has tables; nothing created.");
    }

    /// <summary><c>seed [--force]</c>: the demo user and its data, once. Refused outside Development unless forced.</summary>
    public async Task SeedAsync(bool force, CancellationToken cancellationToken)
    {
        RequireDevelopment("seed", force);
        var email = Email.Create(DemoData.Email);
        if (await _db.Users.AnyAsync(u => u.Email == email, cancellationToken))
        {
            _output.WriteLine($"{DemoData.Email} already exists; nothing seeded.");
            return;
        }
        var today = _clock.Today();
        var demo = DemoData.Create(_hasher.Hash(DemoData.Password), today);
        _db.AddRange(demo.Rows);
        await _db.SaveChangesAsync(cancellationToken);
        _output.WriteLine($"Seeded {DemoData.Email}: {demo.Summary}.");
    }

    /// <summary><c>reset [--force]</c>: drops the database and migrates it again. Refused outside Development unless forced.</summary>
    public async Task ResetAsync(bool force, CancellationToken cancellationToken)
    {
        RequireDevelopment("reset", force);
        await _db.Database.EnsureDeletedAsync(cancellationToken);
        _output.WriteLine($"Dropped {_settings.Describe()}.");
        await UpgradeAsync(Head, cancellationToken);
    }

    /// <summary><c>rotate-keys</c>: re-seals every stored token under the active key, in batches.</summary>
    public async Task RotateKeysAsync(CancellationToken cancellationToken)
    {
        var ids = await _db.BankConnections.Where(c => c.AccessToken != null).Select(c => c.Id).ToListAsync(cancellationToken);
        var rotated = 0;
        foreach (var batch in ids.Chunk(200))
        {
            var connections = await _db.BankConnections.Where(c => batch.Contains(c.Id)).ToListAsync(cancellationToken);
            rotated += connections.Count(connection => connection.RotateToken(_protector));
            await _db.SaveChangesAsync(cancellationToken);
            _db.ChangeTracker.Clear();
        }
        _output.WriteLine($"Re-encrypted {rotated} of {ids.Count} token(s) under the active key ({ids.Count - rotated} already used it).");
    }

    /// <summary>
    /// <c>export-user &lt;email&gt; [--out file] [--force]</c>: the user's archive, through the one <see cref="UserArchive"/> the API uses too (<see cref="UserArchiveFormat"/>) to a file,
    /// never over an existing one unless forced. Half-written files are removed.
    /// </summary>
    public async Task ExportUserAsync(UserArchive archive, string email, string? outFile, bool force, CancellationToken cancellationToken)
    {
        if (!Email.IsValid(email)) throw new DatabaseCommandException($"'{email}' is not an email address.");
        var address = Email.Create(email);
        var user = await _db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == address, cancellationToken)
                   ?? throw new DatabaseCommandException($"No user has the email {address.Value} in {_settings.Describe()}.");
        var path = Path.GetFullPath(outFile ?? $"fininfra-export-{user.Id:N}-{_clock.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}.zip");
        if (File.Exists(path) && !force) throw new DatabaseCommandException($"{path} already exists; choose another --out or add --force.");
        UserArchiveManifest manifest;
        try
        {
            await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            manifest = await archive.ExportAsync(user.Id, file, cancellationToken);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        _output.WriteLine($"Exported {manifest.User.Email} ({manifest.Format} version {manifest.Version}) to {path}: " +
                          $"{string.Join(", ", manifest.Tables.Select(t => $"{t.Key} {t.Value}"))}; {manifest.Files} document file(s).");
        if (manifest.MissingFiles.Count > 0)
            _output.WriteLine($"warning: {manifest.MissingFiles.Count} document(s) had no stored file and were exported without one: {string.Join(", ", manifest.MissingFiles)}.");
        _output.WriteLine("Left out: password hash, security stamp, bank access tokens, sessions, idempotency records (see docs/database.md).");
    }

    /// <summary><c>import-user &lt;file&gt;</c>: restores an archive, all or nothing; prints the temporary password once.</summary>
    public async Task ImportUserAsync(UserArchive archive, string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(file)) throw new DatabaseCommandException($"No such file: {Path.GetFullPath(file)}.");
        await using var content = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        var import = await archive.ImportAsync(content, cancellationToken);
        var manifest = import.Manifest;
        _output.WriteLine($"Imported {manifest.User.Email} (user {manifest.User.Id}) into {_settings.Describe()} from a {manifest.SourceEngine} export of " +
                          $"{manifest.ExportedAt:u}: {string.Join(", ", manifest.Tables.Select(t => $"{t.Key} {t.Value}"))}; {manifest.Files} document file(s).");
        if (import.DisconnectedConnections > 0)
            _output.WriteLine($"{import.DisconnectedConnections} bank connection(s) came back disconnected (access tokens are never exported), " +
                              "their accounts kept as the user's own: the user links those banks again to sync.");
        _output.WriteLine($"Temporary password for {manifest.User.Email}, shown once: {import.TemporaryPassword}");
        _output.WriteLine("Hand it over privately; the user signs in with it and changes it (POST /api/v1/auth/password).");
    }

    /// <summary>
    /// <c>import-transactions &lt;file&gt; --account &lt;id&gt; [--user &lt;email&gt;] [--skip-invalid]</c>: the API's bulk import path
    /// (<see cref="Application.Transactions.Common.TransactionBulkImporter"/>) on a local file, NDJSON or CSV by its extension.
    /// On a terminal a progress bar redraws one line; redirected, a plain line every tenth of the file.
    /// </summary>
    public async Task ImportTransactionsAsync(Application.Transactions.Common.TransactionBulkImporter importer,
        Application.Transactions.ImportTransactionFile.ITransactionFileReader reader, string file, Guid accountId, string? email, bool skipInvalid,
        bool terminal, CancellationToken cancellationToken)
    {
        if (!File.Exists(file)) throw new DatabaseCommandException($"No such file: {Path.GetFullPath(file)}.");
        var account = await _db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken)
                      ?? throw new DatabaseCommandException($"No account {accountId} in {_settings.Describe()} (or it is deleted).");
        if (email is not null)
        {
            if (!Email.IsValid(email)) throw new DatabaseCommandException($"'{email}' is not an email address.");
            var address = Email.Create(email);
            if (!await _db.Users.AsNoTracking().AnyAsync(u => u.Id == account.UserId && u.Email == address, cancellationToken))
                throw new DatabaseCommandException($"Account {accountId} does not belong to {address.Value}.");
        }
        var format = Path.GetExtension(file).Equals(".csv", StringComparison.OrdinalIgnoreCase)
            ? Application.Transactions.ImportTransactionFile.ImportFileFormat.Csv
            : Application.Transactions.ImportTransactionFile.ImportFileFormat.Ndjson;
        await using var content = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        var bar = new ImportProgress(_output, content, terminal);
        Application.Transactions.Common.BulkImportResult result;
        try
        {
            result = await importer.ImportAsync(account, reader.ReadAsync(content, format, cancellationToken), skipInvalid,
                Application.Transactions.ImportTransactionFile.TransactionFileLimits.MaxRows, cancellationToken, bar);
        }
        catch (FluentValidation.ValidationException refused)
        {
            bar.End();
            var errors = refused.Errors.ToList();
            throw new DatabaseCommandException($"{Path.GetFileName(file)}: nothing imported; {errors.Count} problem(s): "
                + string.Join("; ", errors.Take(5).Select(e => $"{e.PropertyName}: {e.ErrorMessage}")) + (errors.Count > 5 ? "; …" : "")
                + (skipInvalid ? "" : " (--skip-invalid leaves bad lines out)"));
        }
        bar.End();
        _output.WriteLine($"Imported {Path.GetFileName(file)} into account {account.Id} in {_settings.Describe()}: {result.Inserted} inserted, " +
                          $"{result.Updated} updated, {result.Unchanged} unchanged, {result.RejectedCount} rejected.");
        foreach (var rejected in result.Rejected.Take(20)) _output.WriteLine($"  line {rejected.Line}: {rejected.Reason}");
        if (result.RejectedCount > 20) _output.WriteLine($"  … and {result.RejectedCount - 20} more.");
    }

    /// <summary>How far through the file the import is: a redrawn bar on a terminal, a line per tenth otherwise.</summary>
    private sealed class ImportProgress(TextWriter output, FileStream file, bool terminal) : IProgress<long>
    {
        private const int Width = 30;
        private int _lastTenth = -1;
        private bool _drawn;

        public void Report(long value)
        {
            var fraction = !file.CanSeek || file.Length == 0 ? 1d : Math.Clamp((double)file.Position / file.Length, 0, 1);
            if (terminal)
            {
                var filled = (int)(fraction * Width);
                output.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {fraction,4:P0} {value,9:N0} rows");
                _drawn = true;
                return;
            }
            var tenth = (int)(fraction * 10);
            if (tenth == _lastTenth) return;
            _lastTenth = tenth;
            output.WriteLine($"read {value:N0} rows ({fraction:P0} of the file)");
        }

        public void End()
        {
            if (_drawn) output.WriteLine();
            _drawn = false;
        }
    }

    /// <summary>
    /// <c>import-rates &lt;file&gt;</c>: loads an ECB reference-rate file (daily or historical, CSV or XML, detected from its
    /// content) as EUR-based rates of source <c>ecb</c>. Importing the same file again changes nothing.
    /// </summary>
    public async Task ImportRatesAsync(ExchangeRates.ExchangeRateStore store, string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(file)) throw new DatabaseCommandException($"No such file: {Path.GetFullPath(file)}.");
        (ExchangeRates.EcbFileFormat Format, IReadOnlyList<ExchangeRates.EcbRate> Rates) parsed;
        try
        {
            parsed = ExchangeRates.EcbRateFile.Parse(await File.ReadAllTextAsync(file, cancellationToken));
        }
        catch (ExchangeRates.EcbRateFileException exception)
        {
            throw new DatabaseCommandException($"{Path.GetFileName(file)}: {exception.Message}");
        }
        var euro = new CurrencyCode(ExchangeRates.EcbRateFile.BaseCurrency);
        var result = await store.SaveAsync(
            [.. parsed.Rates.Select(r => (euro, new CurrencyCode(r.Currency), r.Date, r.Rate))], Domain.ExchangeRates.ExchangeRate.EcbSource, cancellationToken);
        _output.WriteLine($"Imported {Path.GetFileName(file)} (ECB {parsed.Format.ToString().ToUpperInvariant()}, {result.Days} day(s) " +
                          $"{result.From:yyyy-MM-dd} to {result.To:yyyy-MM-dd}) into {_settings.Describe()}: " +
                          $"{result.Added} rate(s) added, {result.Updated} updated, {result.Unchanged} unchanged.");
    }

    /// <summary>
    /// <c>set-rate &lt;base&gt; &lt;quote&gt; &lt;yyyy-MM-dd&gt; &lt;rate&gt;</c>: an operator's rate (source <c>manual</c>): 1 base = rate quote on
    /// that day. It wins over a published rate of the same pair and day; setting it again replaces it.
    /// </summary>
    public async Task SetRateAsync(ExchangeRates.ExchangeRateStore store, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var (baseText, quoteText, dateText, rateText) = (arguments[0], arguments[1], arguments[2], arguments[3]);
        if (!CurrencyCode.IsValid(baseText) || !CurrencyCode.IsValid(quoteText))
            throw new DatabaseCommandException($"'{baseText}' and '{quoteText}' must be currency codes: {CurrencyCode.Message}");
        var (@base, quote) = (new CurrencyCode(baseText), new CurrencyCode(quoteText));
        if (@base == quote) throw new DatabaseCommandException(Domain.ExchangeRates.ExchangeRate.SamePairMessage);
        if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
            throw new DatabaseCommandException($"'{dateText}' is not a date (yyyy-MM-dd).");
        if (!decimal.TryParse(rateText, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var rate)
            || !Domain.ExchangeRates.ExchangeRate.IsValidRate(rate))
            throw new DatabaseCommandException($"'{rateText}' is not a rate: {Domain.ExchangeRates.ExchangeRate.RateMessage}");
        var result = await store.SaveAsync([(@base, quote, date, rate)], Domain.ExchangeRates.ExchangeRate.ManualSource, cancellationToken);
        var what = result.Added > 0 ? "Set" : result.Updated > 0 ? "Replaced" : "Unchanged:";
        _output.WriteLine($"{what} the manual rate {@base}/{quote} on {date:yyyy-MM-dd}: 1 {@base} = {rate} {quote} (it wins over published rates of that day).");
    }

    private void RequireDevelopment(string command, bool force)
    {
        if (!_environment.IsDevelopment() && !force)
            throw new DatabaseCommandException($"'db {command}' is refused in the {_environment.EnvironmentName} environment; add --force if you really mean it.");
    }

    private async Task<List<string>> AppliedAsync(CancellationToken cancellationToken) =>
        [.. await _db.Database.GetAppliedMigrationsAsync(cancellationToken)];

    /// <summary>A migration by its full id (<c>20261126095132_InitialSchema</c>) or its name (<c>InitialSchema</c>).</summary>
    private string Resolve(string target)
    {
        var matches = AllMigrations.Where(id => id.Equals(target, StringComparison.OrdinalIgnoreCase)
                                                || id[(id.IndexOf('_') + 1)..].Equals(target, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new DatabaseCommandException($"No migration is called '{target}'; see 'db history'."),
            _ => throw new DatabaseCommandException($"'{target}' names several migrations; use the full id."),
        };
    }

    private string Describe(string? migrationId) =>
        migrationId is null or Migration.InitialDatabase ? "base (no migration applied)"
        : migrationId == HeadMigration ? $"{migrationId} (head)"
        : migrationId;

    /// <summary>SQLite creates the file but not its folder.</summary>
    private void PrepareSqliteFolder()
    {
        if (_settings.Provider != DatabaseProvider.Sqlite) return;
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(_settings.ConnectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
    }
}

/// <summary>A db command refused to act; the message is one line, safe to print.</summary>
public sealed class DatabaseCommandException(string message) : Exception(message);
