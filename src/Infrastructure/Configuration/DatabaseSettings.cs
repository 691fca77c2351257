using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace FinInfra.Infrastructure.Configuration;

public enum DatabaseProvider { Sqlite, Postgres, MySql, SqlServer }

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
        var settings = Resolve(configuration);
        return settings with
        {
            ContextPooling = configuration.GetValue("Database:ContextPooling", true),
            ThreadSafetyChecks = configuration.GetValue("Database:ThreadSafetyChecks", false),
            ReadConnectionString = ReadReplica(configuration["SQL_READ_URL"], settings.Provider),
        };
    }

    /// <summary>
    /// <c>SQL_READ_URL</c> (optional): a PostgreSQL streaming replica of the primary, in SQL_URL's PostgreSQL form. When
    /// set, queries outside a transaction read from it while it keeps up with what their user wrote
    /// (docs/adr/0017-read-replica-routing.md); null (unset) leaves every read on the primary, as before.
    /// </summary>
    public string? ReadConnectionString { get; init; }

    private static string? ReadReplica(string? url, DatabaseProvider primary)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        url = url.Trim();
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd > 0 ? url[..schemeEnd].ToLowerInvariant() : "";
        if (scheme.Split('+')[0] is not ("postgresql" or "postgres"))
            throw new DatabaseConfigurationException(schemeEnd > 0
                ? $"SQL_READ_URL scheme '{scheme}' is not supported: read routing is for a PostgreSQL streaming replica (postgresql://user:pass@host:port/db)."
                : "SQL_READ_URL is not a URL (expected postgresql://user:pass@host:port/db, a PostgreSQL streaming replica).");
        if (primary != DatabaseProvider.Postgres)
            throw new DatabaseConfigurationException($"SQL_READ_URL is set but the primary database is {primary}: read routing needs PostgreSQL as the primary and a streaming replica of it.");
        return ParsePostgres(url, "SQL_READ_URL").ConnectionString;
    }

    /// <summary>
    /// <c>Database:ContextPooling</c> (default true): requests lease their context from EF's pool instead of building one
    /// each (docs/adr/0016-gc-and-startup.md has the measurement); false builds a new context per request.
    /// </summary>
    public bool ContextPooling { get; init; } = true;

    /// <summary>
    /// <c>Database:ThreadSafetyChecks</c> (default false): EF's detector of two operations running at once on one context.
    /// It enters and leaves an <see cref="System.Threading.AsyncLocal{T}"/> on every row a query reads, two execution-context
    /// copies per row (about 13 KB of a 50-row page's 96 KB of allocations). A context belongs to one request and is never
    /// shared, so the service runs without it; the test hosts turn it on, so that a change that shares one is caught there
    /// (docs/adr/0016-gc-and-startup.md has the measurement).
    /// </summary>
    public bool ThreadSafetyChecks { get; init; }

    private static DatabaseSettings Resolve(IConfiguration configuration)
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
                "mysql" or "mariadb" => DatabaseProvider.MySql,
                "sqlserver" or "mssql" => DatabaseProvider.SqlServer,
                _ => throw new DatabaseConfigurationException($"Database:Provider '{providerName}' is not supported; use 'sqlite', 'postgres', 'mysql' or 'sqlserver'."),
            };
            try
            {
                return provider switch
                {
                    DatabaseProvider.Sqlite => new DatabaseSettings(provider, WithSqliteDefaults(connectionString, null)),
                    DatabaseProvider.Postgres => new DatabaseSettings(provider, new NpgsqlConnectionStringBuilder(connectionString).ConnectionString),
                    // The drivers' own builders live in their provider's assembly; the generic one checks the syntax.
                    _ => new DatabaseSettings(provider, new DbConnectionStringBuilder { ConnectionString = connectionString }.ConnectionString),
                };
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
    /// <c>postgresql://…</c>, <c>postgres://…</c>, <c>postgresql+asyncpg://user:pass@host:port/db?sslmode=require</c>,
    /// <c>mysql://</c> (also <c>mysql+aiomysql://</c>, <c>mysql+asyncmy://</c>, <c>mariadb://</c>) and
    /// <c>mssql://</c> / <c>mssql+pyodbc://user:pass@host:1433/db?TrustServerCertificate=yes</c>.
    /// </summary>
    public static DatabaseSettings FromUrl(string url)
    {
        url = url.Trim();
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0) throw new DatabaseConfigurationException("SQL_URL is not a URL (expected sqlite:///path, postgresql://, mysql:// or mssql://user:pass@host:port/db).");
        var scheme = url[..schemeEnd].ToLowerInvariant();
        var driverless = scheme.Split('+')[0];
        return driverless switch
        {
            "sqlite" => ParseSqlite(url[(schemeEnd + 3)..]),
            "postgresql" or "postgres" => ParsePostgres(url),
            "mysql" or "mariadb" => ParseMySql(ServerUrl(url, "MySQL")),
            "mssql" => ParseSqlServer(ServerUrl(url, "SQL Server")),
            _ => throw new DatabaseConfigurationException($"SQL_URL scheme '{scheme}' is not supported; use sqlite://, postgresql://, mysql:// or mssql://."),
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

    /// <summary>Statements per PostgreSQL connection that Npgsql prepares automatically (SQL_URL's <c>max_auto_prepare</c>).</summary>
    public const int DefaultMaxAutoPrepare = 64;

    private static DatabaseSettings ParsePostgres(string url, string variable = "SQL_URL")
    {
        var normalised = "postgresql" + url[url.IndexOf("://", StringComparison.Ordinal)..];
        if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new DatabaseConfigurationException($"{variable} is not a valid PostgreSQL URL (expected postgresql://user:pass@host:port/db).");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
            // Npgsql prepares a statement once it has run 5 times on a connection and keeps it across pooled opens, so a
            // hot query skips the server's parse and plan: GET /accounts under wrk -c16 went from 7,092 to 8,434 req/s
            // (docs/scaling.md). max_auto_prepare=0 in the URL turns it off.
            MaxAutoPrepare = DefaultMaxAutoPrepare,
            // A connection going back to the pool is not reset on the server. The reset is seven statements
            // (SET SESSION AUTHORIZATION DEFAULT; RESET ALL; CLOSE ALL; UNLISTEN *; …; DISCARD TEMP) that the server runs
            // before the next request's query, on the same round trip: skipping it made the newest transaction page's
            // p50 about 10 % faster (docs/scaling.md, "Prepared statements on PostgreSQL"). Nothing the service runs leaves session state
            // behind: it sets no parameters, takes no session advisory locks, listens to nothing, and the one temporary
            // table (the bulk import's staging) is dropped by its writer. An open transaction is still rolled back.
            NoResetOnClose = true,
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
                        _ => throw new DatabaseConfigurationException($"{variable}'s sslmode '{value}' is not recognised."),
                    };
                    break;
                case "timeout" or "connect_timeout":
                    if (!int.TryParse(value, out var timeout)) throw new DatabaseConfigurationException($"{variable}'s connect_timeout must be whole seconds.");
                    builder.Timeout = timeout;
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "max_auto_prepare":
                    if (!int.TryParse(value, out var prepared) || prepared < 0) throw new DatabaseConfigurationException($"{variable}'s max_auto_prepare must be a whole number, 0 or more.");
                    builder.MaxAutoPrepare = prepared;
                    break;
            }
        }
        return new DatabaseSettings(DatabaseProvider.Postgres, builder.ConnectionString);
    }

    /// <summary>The URL with its driver suffix dropped, parsed; a URL without a host is refused.</summary>
    private static Uri ServerUrl(string url, string engine)
    {
        var normalised = "db" + url[url.IndexOf("://", StringComparison.Ordinal)..];
        if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new DatabaseConfigurationException($"SQL_URL is not a valid {engine} URL (expected {url[..url.IndexOf("://", StringComparison.Ordinal)]}://user:pass@host:port/db).");
        return uri;
    }

    private static (string? User, string? Password) Credentials(Uri uri)
    {
        if (string.IsNullOrEmpty(uri.UserInfo)) return (null, null);
        var parts = uri.UserInfo.Split(':', 2);
        return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : null);
    }

    private static IEnumerable<(string Key, string Value)> Query(Uri uri) =>
        uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=', 2))
            .Select(parts => (Uri.UnescapeDataString(parts[0]).ToLowerInvariant(), parts.Length > 1 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : ""));

    private static bool YesNo(string key, string value) => value.ToLowerInvariant() switch
    {
        "yes" or "true" or "1" or "on" => true,
        "no" or "false" or "0" or "off" => false,
        _ => throw new DatabaseConfigurationException($"SQL_URL's {key} must be yes or no."),
    };

    /// <summary>MySQL/MariaDB, in Connector/NET's keywords; text is always utf8mb4 (an emoji survives).</summary>
    private static DatabaseSettings ParseMySql(Uri uri)
    {
        var (user, password) = Credentials(uri);
        var builder = new DbConnectionStringBuilder
        {
            ["Server"] = uri.Host,
            ["Port"] = uri.IsDefaultPort || uri.Port <= 0 ? 3306 : uri.Port,
            ["Database"] = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "fininfra",
        };
        if (user is not null) builder["User ID"] = user;
        if (password is not null) builder["Password"] = password;
        foreach (var (key, value) in Query(uri))
        {
            switch (key)
            {
                case "ssl_mode" or "ssl-mode" or "sslmode":
                    builder["SslMode"] = value.ToLowerInvariant() switch
                    {
                        "disabled" or "disable" or "none" => "Disabled",
                        "preferred" or "prefer" => "Preferred",
                        "required" or "require" => "Required",
                        "verify_ca" or "verify-ca" => "VerifyCA",
                        "verify_identity" or "verify-full" => "VerifyFull",
                        _ => throw new DatabaseConfigurationException($"SQL_URL's ssl_mode '{value}' is not recognised."),
                    };
                    break;
                case "connect_timeout" or "timeout":
                    if (!int.TryParse(value, out var timeout)) throw new DatabaseConfigurationException("SQL_URL's connect_timeout must be whole seconds.");
                    builder["Connect Timeout"] = timeout;
                    break;
                case "charset" when !value.Equals("utf8mb4", StringComparison.OrdinalIgnoreCase):
                    throw new DatabaseConfigurationException("SQL_URL's charset must be utf8mb4 (FinInfra stores all text as utf8mb4).");
            }
        }
        builder["CharSet"] = "utf8mb4";
        return new DatabaseSettings(DatabaseProvider.MySql, builder.ConnectionString);
    }

    /// <summary>SQL Server, in SqlClient's keywords. pyodbc's <c>driver</c> has no meaning here and is ignored.</summary>
    private static DatabaseSettings ParseSqlServer(Uri uri)
    {
        var (user, password) = Credentials(uri);
        var builder = new DbConnectionStringBuilder
        {
            ["Server"] = uri.IsDefaultPort || uri.Port <= 0 ? uri.Host : $"{uri.Host},{uri.Port}",
            ["Database"] = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "fininfra",
        };
        if (user is not null) builder["User ID"] = user;
        if (password is not null) builder["Password"] = password;
        foreach (var (key, value) in Query(uri))
        {
            switch (key)
            {
                case "encrypt":
                    builder["Encrypt"] = value.Equals("strict", StringComparison.OrdinalIgnoreCase) ? "Strict" : YesNo(key, value) ? "True" : "False";
                    break;
                case "trustservercertificate":
                    builder["TrustServerCertificate"] = YesNo(key, value);
                    break;
                case "trusted_connection":
                    builder["Integrated Security"] = YesNo(key, value);
                    break;
                case "connect_timeout" or "timeout":
                    if (!int.TryParse(value, out var timeout)) throw new DatabaseConfigurationException("SQL_URL's connect_timeout must be whole seconds.");
                    builder["Connect Timeout"] = timeout;
                    break;
                case "application_name" or "app":
                    builder["Application Name"] = value;
                    break;
            }
        }
        return new DatabaseSettings(DatabaseProvider.SqlServer, builder.ConnectionString);
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
        switch (Provider)
        {
            case DatabaseProvider.Sqlite:
                return $"SQLite {new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource}";
            case DatabaseProvider.Postgres:
                var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
                return $"PostgreSQL {builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
        }
        var generic = new DbConnectionStringBuilder { ConnectionString = ConnectionString };
        string? Value(params string[] keys) => keys.Select(k => generic.TryGetValue(k, out var v) ? v?.ToString() : null).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        var user = Value("User ID", "uid", "user", "username") ?? (Provider == DatabaseProvider.SqlServer ? "(integrated)" : "");
        var server = Value("Server", "Data Source", "host", "Address") ?? "localhost";
        var database = Value("Database", "Initial Catalog") ?? "";
        return Provider == DatabaseProvider.MySql
            ? $"MySQL {user}@{server}:{Value("Port") ?? "3306"}/{database}"
            : $"SQL Server {user}@{server}/{database}";
    }

    public override string ToString() => Describe();
}

/// <summary>The database settings cannot be understood. The message is one line, without secrets.</summary>
public sealed class DatabaseConfigurationException(string message) : Exception(message);
