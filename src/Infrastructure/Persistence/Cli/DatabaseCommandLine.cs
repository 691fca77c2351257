using System.Data.Common;
using FinInfra.Infrastructure.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinInfra.Infrastructure.Persistence.Cli;

/// <summary>
/// Parses <c>db &lt;command&gt; [argument] [--force] [--out file]</c>, runs it against a built service provider and turns every
/// failure into one line on the error writer and a non-zero exit code (1: failed or refused, 2: usage).
/// </summary>
public static class DatabaseCommandLine
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int UsageError = 2;

    public const string Usage = """
        Usage: dotnet run --project src/Api -- db <command> [argument] [--force] [--out file]

        Commands:
          upgrade [head|<migration>]           apply migrations up to head (default) or the named migration
          downgrade -1|-N|<migration>|base     revert the last N migrations, down to a migration, or everything
          current                              show the newest applied migration
          history                              list every migration, applied or pending
          stamp <migration>|head|base          mark the database as at a migration without running any
          check                                fail when the model has changes no migration covers (every set)
          revision "<message>"                 generate one migration, same name, in every provider set (source tree)
          setup-and-migrate                    create the database if missing (server engines), then upgrade to head
          create-tables                        create the schema from the model without migrations (development)
          seed [--force]                       add the demo user demo@fininfra.dev and its data (idempotent)
          reset [--force]                      drop the database and migrate it again (Development unless --force)
          rotate-keys                          re-encrypt every stored token under the active key
          export-user <email> [--out file]     write that user's data and document files to one archive (no secrets;
                                               default ./fininfra-export-<user id>-<time>.zip; --force overwrites)
          import-user <file>                   restore such an archive into this database (at head) and document storage;
                                               refused with nothing changed if the email or any id exists here
          import-rates <file>                  load an ECB reference-rate file (eurofxref.csv, eurofxref-hist.csv,
                                               eurofxref-daily.xml, eurofxref-hist[-90d].xml; format read from the content);
                                               importing it again changes nothing
          set-rate <base> <quote> <date> <rate> a manual rate: 1 base = rate quote on that day (yyyy-MM-dd), e.g.
                                               'db set-rate EUR USD 2026-03-01 1.0850'; wins over the ECB's rate of that day
          import-transactions <file> --account <id> [--user <email>] [--skip-invalid]
                                               import an NDJSON (.ndjson/.jsonl) or CSV (.csv) transaction file into one
                                               account through the API's bulk path (same rules, idempotent by transactionId,
                                               all or nothing unless --skip-invalid); --user refuses an account not that
                                               user's; a progress bar on a terminal, plain lines when redirected
          help                                 show this text

        The database comes from SQL_URL, or ConnectionStrings:Default with Database:Provider, or ./dev.db.
        """;

    public static bool IsHelp(IReadOnlyList<string> args) => args.Count > 0 && args[0] is "help" or "--help" or "-h";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (args.Count == 0 || IsHelp(args))
        {
            (args.Count == 0 ? error : output).WriteLine(Usage);
            return args.Count == 0 ? UsageError : Ok;
        }
        var force = args.Contains("--force");
        var skipInvalid = args.Contains("--skip-invalid");
        var outIndex = args.ToList().IndexOf("--out");
        var outFile = outIndex >= 0 && outIndex + 1 < args.Count ? args[outIndex + 1] : null;
        // Options with a value, for import-transactions: --account <id>, --user <email>.
        var valued = new Dictionary<string, string?>(StringComparer.Ordinal);
        var taken = new HashSet<int>();
        foreach (var name in new[] { "--account", "--user" })
        {
            var at = args.ToList().IndexOf(name);
            if (at < 0) continue;
            valued[name] = at + 1 < args.Count ? args[at + 1] : null;
            taken.Add(at);
            taken.Add(at + 1);
        }
        var positional = args.Where((a, i) => a != "--force" && a != "--skip-invalid" && !taken.Contains(i)
                                              && (outIndex < 0 || (i != outIndex && i != outIndex + 1))).ToList();
        var command = positional[0];
        var argument = positional.Count > 1 ? positional[1] : null;
        if (positional.Count > (command == "set-rate" ? 5 : 2) || !Accepts(command, argument, positional.Count) || (outIndex >= 0 && (command != "export-user" || outFile is null))
            || ((valued.Count > 0 || skipInvalid) && command != "import-transactions")
            || (command == "import-transactions" && (!Guid.TryParse(valued.GetValueOrDefault("--account"), out _) || (valued.ContainsKey("--user") && valued["--user"] is null))))
        {
            error.WriteLine($"error: unknown command or bad arguments: 'db {string.Join(' ', args)}'. Run 'db help'.");
            return UsageError;
        }

        try
        {
            if (command == "revision")
            {
                await new MigrationRevision(new ProcessRunner(), output).AddAsync(argument!, MigrationRevision.FindRoot(Directory.GetCurrentDirectory()), cancellationToken);
                return Ok;
            }
            await using var scope = services.CreateAsyncScope();
            var commands = ActivatorUtilities.CreateInstance<DatabaseCommands>(scope.ServiceProvider, output);
            await (command switch
            {
                "upgrade" => commands.UpgradeAsync(argument, cancellationToken),
                "downgrade" => commands.DowngradeAsync(argument!, cancellationToken),
                "current" => commands.CurrentAsync(cancellationToken),
                "history" => commands.HistoryAsync(cancellationToken),
                "stamp" => commands.StampAsync(argument!, cancellationToken),
                "check" => commands.CheckAsync(cancellationToken),
                "setup-and-migrate" => commands.SetupAndMigrateAsync(cancellationToken),
                "create-tables" => commands.CreateTablesAsync(cancellationToken),
                "seed" => commands.SeedAsync(force, cancellationToken),
                "reset" => commands.ResetAsync(force, cancellationToken),
                "export-user" => commands.ExportUserAsync(scope.ServiceProvider.GetRequiredService<Archive.UserArchive>(), argument!, outFile, force, cancellationToken),
                "import-user" => commands.ImportUserAsync(scope.ServiceProvider.GetRequiredService<Archive.UserArchive>(), argument!, cancellationToken),
                "import-rates" => commands.ImportRatesAsync(scope.ServiceProvider.GetRequiredService<ExchangeRates.ExchangeRateStore>(), argument!, cancellationToken),
                "import-transactions" => commands.ImportTransactionsAsync(
                    scope.ServiceProvider.GetRequiredService<FinInfra.Application.Transactions.Common.TransactionBulkImporter>(),
                    scope.ServiceProvider.GetRequiredService<FinInfra.Application.Transactions.ImportTransactionFile.ITransactionFileReader>(),
                    argument!, Guid.Parse(valued["--account"]!), valued.GetValueOrDefault("--user"), skipInvalid,
                    ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected, cancellationToken),
                "set-rate" => commands.SetRateAsync(scope.ServiceProvider.GetRequiredService<ExchangeRates.ExchangeRateStore>(), positional[1..], cancellationToken),
                _ => commands.RotateKeysAsync(cancellationToken),
            });
            return Ok;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            error.WriteLine($"error: {Explain(exception, services.GetService<DatabaseSettings>())}");
            return Failed;
        }
    }

    /// <summary>
    /// One line for any failure: our own refusals as they are, database errors with the (password-free) database
    /// they concern, anything else by its type and message. Never a stack trace.
    /// </summary>
    public static string Explain(Exception exception, DatabaseSettings? settings = null)
    {
        var database = FindInner<DbException>(exception);
        var text = exception switch
        {
            DatabaseCommandException or DatabaseConfigurationException or MissingSecretException => exception.Message,
            _ when database is not null => $"{settings?.Describe() ?? "the database"}: {database.Message}",
            _ => $"{exception.GetType().Name}: {exception.Message}",
        };
        return string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static T? FindInner<T>(Exception? exception) where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
            if (exception is T found) return found;
        return null;
    }

    private static bool Accepts(string command, string? argument, int positional) => command switch
    {
        "set-rate" => positional == 5,
        "import-rates" or "import-transactions" => argument is not null,
        "upgrade" => true,
        "downgrade" or "stamp" or "revision" or "export-user" or "import-user" => argument is not null,
        "current" or "history" or "check" or "setup-and-migrate" or "create-tables" or "seed" or "reset" or "rotate-keys" => argument is null,
        _ => false,
    };
}
