using Microsoft.Extensions.Configuration;
using Npgsql;

namespace FinInfra.Infrastructure.Configuration;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Which database, and how to reach it. Resolved once from configuration.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqlitePath = "dev.db";
    public const int DefaultSqliteBusyTimeoutSeconds = 20;

    /// <summary>
    /// Resolution order: <c>SQL_URL</c> (the original's variable, any of its URL forms), then
    /// <c>ConnectionStrings:Default</c> with <c>Database:Provider</c>, then SQLite <c>./dev.db</c>.
    /// </summary>
    public static DatabaseSettings FromConfiguration(IConfiguration configuration)
    {
        var url = configuration["SQL_URL"];
        if (!string.IsNullOrWhiteSpace(url)) return FromUrl(url);

        var connectionString = configuration.GetConnectionString("Default");
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var providerName = configuration["Database:Provider"] ?? "sqlite";
            var provider = providerName.Trim().ToLowerInvariant() switch
            {
                "sqlite" => DatabaseProvider.Sqlite,
                "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
                _ => throw new DatabaseConfigurationException($"Database:Provider '{providerName}' is not supported; use 'sqlite' or 'postgres'."),
            };
            try
            {
                return provider == DatabaseProvider.Sqlite
                    ? new DatabaseSettings(provider, WithSqliteDefaults(connectionString, null))
                    : new DatabaseSettings(provider, new NpgsqlConnectionStringBuilder(connectionString).ConnectionString);
            }
            catch (ArgumentException)
            {
                // The builders' messages can quote the string, password included.
                throw new DatabaseConfigurationException($"ConnectionStrings:Default is not a valid {provider} connection string.");
            }
        }

        return new DatabaseSettings(DatabaseProvider.Sqlite, WithSqliteDefaults($"Data Source={DefaultSqlitePath}", null));
    }

    /// <summary>
    /// Parses <c>sqlite:///relative.db</c>, <c>sqlite:////absolute.db</c>, <c>sqlite+aiosqlite:///dev.db?timeout=20</c>,
    /// <c>postgresql://…</c>, <c>postgres://…</c> and <c>postgresql+asyncpg://user:pass@host:port/db?sslmode=require</c>.
    /// </summary>
    public static DatabaseSettings FromUrl(string url)
    {
        url = url.Trim();
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0) throw new DatabaseConfigurationException("SQL_URL is not a URL (expected sqlite:///path or postgresql://user:pass@host:port/db).");
        var scheme = url[..schemeEnd].ToLowerInvariant();
        var driverless = scheme.Split('+')[0];
        return driverless switch
        {
            "sqlite" => ParseSqlite(url[(schemeEnd + 3)..]),
            "postgresql" or "postgres" => ParsePostgres(url),
            _ => throw new DatabaseConfigurationException($"SQL_URL scheme '{scheme}' is not supported; use sqlite:// or postgresql://."),
        };
    }

    private static DatabaseSettings ParseSqlite(string rest)
    {
        // sqlite:///dev.db → "/dev.db" (relative); sqlite:////tmp/x.db → "//tmp/x.db" (absolute); sqlite:// → memory.
        var queryStart = rest.IndexOf('?');
        var query = queryStart >= 0 ? rest[(queryStart + 1)..] : "";
        var path = queryStart >= 0 ? rest[..queryStart] : rest;
        if (path.StartsWith('/')) path = path[1..];
        path = Uri.UnescapeDataString(path);
        if (path.Length == 0 || path == ":memory:")
            throw new DatabaseConfigurationException("SQL_URL names no SQLite file (expected sqlite:///dev.db); in-memory databases are not supported by the service.");

        int? timeoutSeconds = null;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts[0].Equals("timeout", StringComparison.OrdinalIgnoreCase))
            {
                if (parts.Length < 2 || !double.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds < 0)
                    throw new DatabaseConfigurationException("SQL_URL's timeout must be a number of seconds.");
                timeoutSeconds = (int)Math.Ceiling(seconds);
            }
        }
        return new DatabaseSettings(DatabaseProvider.Sqlite, WithSqliteDefaults($"Data Source={path}", timeoutSeconds));
    }

    private static DatabaseSettings ParsePostgres(string url)
    {
        var normalised = "postgresql" + url[url.IndexOf("://", StringComparison.Ordinal)..];
        if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new DatabaseConfigurationException("SQL_URL is not a valid PostgreSQL URL (expected postgresql://user:pass@host:port/db).");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
        };
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var credentials = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(credentials[0]);
            if (credentials.Length > 1) builder.Password = Uri.UnescapeDataString(credentials[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(parts[0]).ToLowerInvariant();
            var value = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "";
            switch (key)
            {
                case "sslmode" or "ssl":
                    builder.SslMode = value.ToLowerInvariant() switch
                    {
                        "disable" or "false" => SslMode.Disable,
                        "allow" => SslMode.Allow,
                        "prefer" => SslMode.Prefer,
                        "require" or "true" => SslMode.Require,
                        "verify-ca" => SslMode.VerifyCA,
                        "verify-full" => SslMode.VerifyFull,
                        _ => throw new DatabaseConfigurationException($"SQL_URL's sslmode '{value}' is not recognised."),
                    };
                    break;
                case "timeout" or "connect_timeout":
                    if (!int.TryParse(value, out var timeout)) throw new DatabaseConfigurationException("SQL_URL's connect_timeout must be whole seconds.");
                    builder.Timeout = timeout;
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
            }
        }
        return new DatabaseSettings(DatabaseProvider.Postgres, builder.ConnectionString);
    }

    private static string WithSqliteDefaults(string connectionString, int? timeoutSeconds)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (timeoutSeconds is not null || !connectionString.Contains("timeout", StringComparison.OrdinalIgnoreCase))
            builder.DefaultTimeout = timeoutSeconds ?? DefaultSqliteBusyTimeoutSeconds;
        builder.Pooling = true;
        return builder.ConnectionString;
    }

    /// <summary>The connection string without its password, safe for logs and messages.</summary>
    public string Describe()
    {
        if (Provider == DatabaseProvider.Sqlite)
            return $"SQLite {new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource}";
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
    }

    public override string ToString() => Describe();
}

/// <summary>The database settings cannot be understood. The message is one line, without secrets.</summary>
public sealed class DatabaseConfigurationException(string message) : Exception(message);
