using FinInfra.Infrastructure.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;
using System.Data.Common;

namespace FinInfra.Integration.Tests.Persistence.Configuration;

public sealed class DatabaseSettingsTests
{
    private static DatabaseSettings FromConfiguration(params (string Key, string Value)[] values) =>
        DatabaseSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    private static SqliteConnectionStringBuilder Sqlite(DatabaseSettings settings)
    {
        Assert.Equal(DatabaseProvider.Sqlite, settings.Provider);
        return new SqliteConnectionStringBuilder(settings.ConnectionString);
    }

    private static NpgsqlConnectionStringBuilder Postgres(DatabaseSettings settings)
    {
        Assert.Equal(DatabaseProvider.Postgres, settings.Provider);
        return new NpgsqlConnectionStringBuilder(settings.ConnectionString);
    }

    [Fact]
    public void With_nothing_configured_it_is_Sqlite_dev_db_with_a_busy_timeout()
    {
        var sqlite = Sqlite(FromConfiguration());
        Assert.Equal("dev.db", sqlite.DataSource);
        Assert.Equal(DatabaseSettings.DefaultSqliteBusyTimeoutSeconds, sqlite.DefaultTimeout);
    }

    [Fact]
    public void Sqlite_url_with_three_slashes_is_a_relative_path()
    {
        var sqlite = Sqlite(DatabaseSettings.FromUrl("sqlite:///dev.db"));
        Assert.Equal("dev.db", sqlite.DataSource);
        Assert.Equal(20, sqlite.DefaultTimeout);
    }

    [Fact]
    public void Sqlite_url_with_four_slashes_is_an_absolute_path() =>
        Assert.Equal("/var/lib/fininfra/app.db", Sqlite(DatabaseSettings.FromUrl("sqlite:////var/lib/fininfra/app.db")).DataSource);

    [Fact]
    public void Aiosqlite_driver_and_timeout_are_understood()
    {
        var sqlite = Sqlite(DatabaseSettings.FromUrl("sqlite+aiosqlite:///dev.db?timeout=45"));
        Assert.Equal("dev.db", sqlite.DataSource);
        Assert.Equal(45, sqlite.DefaultTimeout);
    }

    [Theory]
    [InlineData("postgresql://fininfra:password@localhost:5432/fininfra")]
    [InlineData("postgresql+asyncpg://fininfra:password@localhost:5432/fininfra")]
    [InlineData("postgres://fininfra:password@localhost/fininfra")]
    public void Postgres_urls_in_every_form(string url)
    {
        var pg = Postgres(DatabaseSettings.FromUrl(url));
        Assert.Equal(("localhost", 5432, "fininfra", "fininfra", "password"), (pg.Host, pg.Port, pg.Database, pg.Username, pg.Password));
    }

    [Fact]
    public void Postgres_url_escapes_options_and_describe_hides_the_password()
    {
        var settings = DatabaseSettings.FromUrl("postgresql+asyncpg://app%40corp:p%40ss%2Fw0rd@db.internal:6543/fin%20infra?sslmode=require&connect_timeout=7&application_name=fininfra");
        var pg = Postgres(settings);
        Assert.Equal(("app@corp", "p@ss/w0rd", "db.internal", 6543, "fin infra"), (pg.Username, pg.Password, pg.Host, pg.Port, pg.Database));
        Assert.Equal(SslMode.Require, pg.SslMode);
        Assert.Equal(7, pg.Timeout);
        Assert.Equal("fininfra", pg.ApplicationName);
        Assert.DoesNotContain("p@ss", settings.Describe());
        Assert.DoesNotContain("p@ss", settings.ToString());
        Assert.Equal("PostgreSQL app@corp@db.internal:6543/fin infra", settings.Describe());
    }

    [Fact]
    public void Postgres_url_prepares_hot_statements_unless_told_not_to()
    {
        Assert.Equal(DatabaseSettings.DefaultMaxAutoPrepare, Postgres(DatabaseSettings.FromUrl("postgresql://u:p@localhost/fininfra")).MaxAutoPrepare);
        Assert.Equal(0, Postgres(DatabaseSettings.FromUrl("postgresql://u:p@localhost/fininfra?max_auto_prepare=0")).MaxAutoPrepare);
        Assert.Throws<DatabaseConfigurationException>(() => DatabaseSettings.FromUrl("postgresql://u:p@localhost/fininfra?max_auto_prepare=-1"));
    }

    [Fact]
    public void Postgres_url_skips_the_server_side_reset_of_pooled_connections()
    {
        Assert.True(Postgres(DatabaseSettings.FromUrl("postgresql://u:p@localhost/fininfra")).NoResetOnClose);
        Assert.True(Postgres(DatabaseSettings.FromUrl("postgresql://u:p@localhost/fininfra?sslmode=require")).NoResetOnClose);
    }

    private static DbConnectionStringBuilder Generic(DatabaseSettings settings, DatabaseProvider provider)
    {
        Assert.Equal(provider, settings.Provider);
        return new DbConnectionStringBuilder { ConnectionString = settings.ConnectionString };
    }

    [Theory]
    [InlineData("mysql://fininfra:password@localhost:3306/fininfra")]
    [InlineData("mysql+aiomysql://fininfra:password@localhost:3306/fininfra")]
    [InlineData("mysql+asyncmy://fininfra:password@localhost/fininfra")]
    [InlineData("mariadb://fininfra:password@localhost/fininfra?charset=utf8mb4")]
    public void Mysql_urls_in_every_form(string url)
    {
        var mysql = Generic(DatabaseSettings.FromUrl(url), DatabaseProvider.MySql);
        Assert.Equal(("localhost", "3306", "fininfra", "fininfra", "password", "utf8mb4"),
            (mysql["Server"], mysql["Port"].ToString(), mysql["Database"], mysql["User ID"], mysql["Password"], mysql["CharSet"]));
    }

    [Fact]
    public void Mysql_url_escapes_options_and_describe_hides_the_password()
    {
        var settings = DatabaseSettings.FromUrl("mysql+aiomysql://app%40corp:p%40ss%3Bw0rd@db.internal:3307/fin_infra?ssl_mode=REQUIRED&connect_timeout=7");
        var mysql = Generic(settings, DatabaseProvider.MySql);
        Assert.Equal(("app@corp", "p@ss;w0rd", "db.internal", "3307", "fin_infra"), (mysql["User ID"], mysql["Password"], mysql["Server"], mysql["Port"].ToString(), mysql["Database"]));
        Assert.Equal(("Required", "7"), (mysql["SslMode"], mysql["Connect Timeout"].ToString()));
        Assert.DoesNotContain("p@ss", settings.Describe());
        Assert.Equal("MySQL app@corp@db.internal:3307/fin_infra", settings.Describe());
    }

    [Theory]
    [InlineData("mssql+pyodbc://sa:p%40ss@sql.internal:1433/fininfra?driver=ODBC+Driver+18+for+SQL+Server&TrustServerCertificate=yes", "sql.internal,1433")]
    [InlineData("mssql://sa:p%40ss@sql.internal/fininfra?TrustServerCertificate=yes", "sql.internal")]
    public void Sql_server_urls_in_both_forms(string url, string server)
    {
        var settings = DatabaseSettings.FromUrl(url);
        var mssql = Generic(settings, DatabaseProvider.SqlServer);
        Assert.Equal((server, "fininfra", "sa", "p@ss", "True"), (mssql["Server"], mssql["Database"], mssql["User ID"], mssql["Password"], mssql["TrustServerCertificate"].ToString()));
        Assert.False(mssql.ContainsKey("driver"));
        Assert.Equal($"SQL Server sa@{server}/fininfra", settings.Describe());
    }

    [Theory]
    [InlineData("mysql", DatabaseProvider.MySql)]
    [InlineData("MariaDB", DatabaseProvider.MySql)]
    [InlineData("SqlServer", DatabaseProvider.SqlServer)]
    [InlineData("mssql", DatabaseProvider.SqlServer)]
    public void Connection_string_with_a_mysql_or_sql_server_provider(string provider, DatabaseProvider expected)
    {
        var settings = FromConfiguration(("ConnectionStrings:Default", "Server=db;Database=fin;User ID=u;Password=p"), ("Database:Provider", provider));
        Assert.Equal("db", Generic(settings, expected)["Server"]);
    }

    [Fact]
    public void Sql_url_wins_over_the_connection_string()
    {
        var settings = FromConfiguration(("SQL_URL", "postgresql://u:p@h/d"), ("ConnectionStrings:Default", "Data Source=other.db"));
        Assert.Equal("h", Postgres(settings).Host);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("PostgreSQL")]
    [InlineData("npgsql")]
    public void Connection_string_with_a_postgres_provider(string provider)
    {
        var settings = FromConfiguration(("ConnectionStrings:Default", "Host=db;Database=fin;Username=u;Password=p"), ("Database:Provider", provider));
        Assert.Equal(("db", "fin"), (Postgres(settings).Host, Postgres(settings).Database));
    }

    [Fact]
    public void Connection_string_defaults_to_Sqlite_and_keeps_an_explicit_timeout()
    {
        Assert.Equal(20, Sqlite(FromConfiguration(("ConnectionStrings:Default", "Data Source=app.db"))).DefaultTimeout);
        Assert.Equal(5, Sqlite(FromConfiguration(("ConnectionStrings:Default", "Data Source=app.db;Default Timeout=5"), ("Database:Provider", "sqlite"))).DefaultTimeout);
    }

    [Theory]
    [InlineData("dev.db")]
    [InlineData("oracle://root@localhost/db")]
    [InlineData("mysql:///db")]
    [InlineData("mysql://u:p@host/db?ssl_mode=sometimes")]
    [InlineData("mysql://u:p@host/db?charset=latin1")]
    [InlineData("mssql+pyodbc://u:p@/db")]
    [InlineData("mssql://u:p@host/db?TrustServerCertificate=maybe")]
    [InlineData("sqlite://")]
    [InlineData("sqlite:///")]
    [InlineData("sqlite:///:memory:")]
    [InlineData("sqlite:///dev.db?timeout=soon")]
    [InlineData("postgresql://")]
    [InlineData("postgresql://u:p@/db")]
    [InlineData("postgresql://u:p@host/db?sslmode=sometimes")]
    [InlineData("postgresql://u:p@host/db?connect_timeout=abc")]
    public void Bad_urls_are_configuration_errors(string url) =>
        Assert.Throws<DatabaseConfigurationException>(() => DatabaseSettings.FromUrl(url));

    [Fact]
    public void Bad_provider_or_connection_string_is_a_configuration_error_without_the_password()
    {
        Assert.Throws<DatabaseConfigurationException>(() => FromConfiguration(("ConnectionStrings:Default", "Data Source=x.db"), ("Database:Provider", "oracle")));
        var error = Assert.Throws<DatabaseConfigurationException>(() => FromConfiguration(("ConnectionStrings:Default", "Host=h;Password=hunter2;Bogus Key=1"), ("Database:Provider", "postgres")));
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.Throws<DatabaseConfigurationException>(() => FromConfiguration(("ConnectionStrings:Default", "Nonsense Option=1")));
    }

    [Fact]
    public void Without_SQL_READ_URL_there_is_no_read_connection()
    {
        Assert.Null(FromConfiguration(("SQL_URL", "postgresql://u:p@primary/fininfra")).ReadConnectionString);
        Assert.Null(FromConfiguration(("SQL_URL", "postgresql://u:p@primary/fininfra"), ("SQL_READ_URL", " ")).ReadConnectionString);
    }

    [Fact]
    public void SQL_READ_URL_is_parsed_as_SQL_URL_is_for_PostgreSQL()
    {
        var settings = FromConfiguration(("SQL_URL", "postgresql://u:p@primary/fininfra"),
            ("SQL_READ_URL", "postgresql+asyncpg://reader:s%40cret@replica:5433/fininfra?sslmode=require&application_name=reads"));
        Assert.Equal("primary", Postgres(settings).Host);
        var read = new NpgsqlConnectionStringBuilder(settings.ReadConnectionString);
        Assert.Equal(("replica", 5433, "fininfra", "reader", "s@cret"), (read.Host, read.Port, read.Database, read.Username, read.Password));
        Assert.Equal(SslMode.Require, read.SslMode);
        Assert.Equal("reads", read.ApplicationName);
        Assert.Equal(DatabaseSettings.DefaultMaxAutoPrepare, read.MaxAutoPrepare);
        // The primary's connection string is untouched, and so is its description (which never shows the replica).
        Assert.Equal("PostgreSQL u@primary:5432/fininfra", settings.Describe());
    }

    [Theory]
    [InlineData("mysql://u:hunter2@replica/fininfra", "mysql")]
    [InlineData("mssql://u:hunter2@replica/fininfra", "mssql")]
    [InlineData("sqlite:///replica.db", "sqlite")]
    public void SQL_READ_URL_naming_another_engine_is_refused(string url, string scheme)
    {
        var error = Assert.Throws<DatabaseConfigurationException>(() => FromConfiguration(("SQL_URL", "postgresql://u:p@primary/fininfra"), ("SQL_READ_URL", url)));
        Assert.Contains("SQL_READ_URL", error.Message);
        Assert.Contains($"'{scheme}'", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void SQL_READ_URL_needs_a_PostgreSQL_primary_and_a_valid_URL()
    {
        var sqlitePrimary = Assert.Throws<DatabaseConfigurationException>(() => FromConfiguration(("SQL_URL", "sqlite:///dev.db"), ("SQL_READ_URL", "postgresql://u:p@replica/fininfra")));
        Assert.Contains("primary database is Sqlite", sqlitePrimary.Message);
        var notUrl = Assert.Throws<DatabaseConfigurationException>(() => FromConfiguration(("SQL_URL", "postgresql://u:p@primary/fininfra"), ("SQL_READ_URL", "Host=replica;Password=hunter2")));
        Assert.StartsWith("SQL_READ_URL is not a URL", notUrl.Message);
        Assert.DoesNotContain("hunter2", notUrl.Message);
        var badOption = Assert.Throws<DatabaseConfigurationException>(() => FromConfiguration(("SQL_URL", "postgresql://u:p@primary/fininfra"), ("SQL_READ_URL", "postgresql://u:p@replica/fininfra?sslmode=maybe")));
        Assert.StartsWith("SQL_READ_URL's sslmode", badOption.Message);
    }
}
